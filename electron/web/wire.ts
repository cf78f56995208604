// JSON with typed arrays, for browser mode. Electron's IPC structured-clones typed arrays; over
// HTTP and WebSocket they travel as base64 under a tag, so both transports hand handlers the same
// values (Float64Array stays Float64Array, NaN stays NaN).
const TAG = '$typed'

type TypedName = 'f64' | 'f32' | 'u8' | 'i32'
const CTORS = { f64: Float64Array, f32: Float32Array, u8: Uint8Array, i32: Int32Array } as const

function nameOf(v: ArrayBufferView): TypedName | null {
  if (v instanceof Float64Array) return 'f64'
  if (v instanceof Float32Array) return 'f32'
  if (v instanceof Uint8Array) return 'u8'
  if (v instanceof Int32Array) return 'i32'
  return null
}

function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64)
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    // A Node Buffer (a Uint8Array) has toJSON, which JSON.stringify applies before the replacer;
    // the holder still has the original, so Buffers travel as bytes like any Uint8Array.
    const own = this[key]
    if (ArrayBuffer.isView(own)) v = own
    if (ArrayBuffer.isView(v)) {
      const n = nameOf(v)
      if (!n) throw new TypeError('unsupported typed array on the wire')
      return { [TAG]: n, b64: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) }
    }
    // JSON has no NaN/Infinity; plain numbers that are not finite travel as null.
    return v
  })
}

export function decodeWire(json: string): unknown {
  return JSON.parse(json, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>
      const keys = Object.keys(o)
      if (keys.length === 2 && typeof o[TAG] === 'string' && typeof o['b64'] === 'string' && o[TAG] in CTORS) {
        const Ctor = CTORS[o[TAG] as TypedName]
        const bytes = fromBase64(o['b64'])
        if (bytes.length % Ctor.BYTES_PER_ELEMENT !== 0) throw new SyntaxError('typed array of a ragged length')
        return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length / Ctor.BYTES_PER_ELEMENT)
      }
    }
    return v
  })
}
