// Typed arrays on the wire, for browser mode. Electron's IPC structured-clones typed arrays; over
// HTTP and WebSocket they must be encoded, so that both transports hand handlers the same values
// (Float64Array stays Float64Array, NaN stays NaN). Two encodings:
//   - JSON, with each typed array as base64 under a tag (run events on the WebSocket; small bodies);
//   - binary (BINARY_TYPE) for the HTTP verbs: a JSON head in which each typed array is a tag
//     {$typed, off, bytes} pointing into the raw bytes that follow it. A 1M-row dataset then costs
//     the page a copy into a Blob instead of ~16 MB of base64 built on the main thread, and comes
//     back as views of the response's ArrayBuffer.
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

export const BINARY_TYPE = 'application/x-fw-binary'
const MAGIC = 0x31425746 // "FWB1" read as a little-endian u32
const pad8 = (n: number) => (8 - (n % 8)) % 8

/**
 * value as the binary wire format, in pieces to concatenate (a Blob on the page, Buffer.concat in
 * Node): "FWB1", u32 head length, the UTF-8 JSON head, zero padding to 8, then every typed array's
 * bytes, each padded to 8 so that views of them are aligned.
 */
export function encodeWireBinary(value: unknown): Uint8Array[] {
  const parts: Uint8Array[] = []
  let dataBytes = 0
  const head = JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const own = this[key] // a Buffer's toJSON has run already; the holder keeps the bytes
    if (ArrayBuffer.isView(own)) v = own
    if (ArrayBuffer.isView(v)) {
      const n = nameOf(v)
      if (!n) throw new TypeError('unsupported typed array on the wire')
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
      const tag = { [TAG]: n, off: dataBytes, bytes: bytes.length }
      parts.push(bytes)
      if (pad8(bytes.length)) parts.push(new Uint8Array(pad8(bytes.length)))
      dataBytes += bytes.length + pad8(bytes.length)
      return tag
    }
    return v
  })
  const headBytes = new TextEncoder().encode(head)
  const prefix = new Uint8Array(8)
  const dv = new DataView(prefix.buffer)
  dv.setUint32(0, MAGIC, true)
  dv.setUint32(4, headBytes.length, true)
  return [prefix, headBytes, new Uint8Array(pad8(8 + headBytes.length)), ...parts]
}

export function isWireBinary(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(0, true) === MAGIC
}

/**
 * The inverse of encodeWireBinary. Typed arrays are views of `bytes` where they are aligned, unless
 * `copy` (Node request bodies, whose Buffers may share a pooled slab) asks for fresh memory.
 * Malformed input is a SyntaxError naming what is wrong; nothing reads outside `bytes`.
 */
export function decodeWireBinary(bytes: Uint8Array, opts: { copy?: boolean } = {}): unknown {
  if (!isWireBinary(bytes)) throw new SyntaxError('not a binary wire body (bad magic)')
  const headLen = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true)
  if (8 + headLen > bytes.length) throw new SyntaxError(`binary wire head of ${headLen} bytes runs past the body`)
  const head = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headLen))
  const data = 8 + headLen + pad8(8 + headLen)
  const typed = (o: Record<string, unknown>): ArrayBufferView => {
    const { off, bytes: n } = o
    const name = o[TAG]
    if (Object.keys(o).length !== 3 || typeof name !== 'string' || !(name in CTORS)) throw new SyntaxError('malformed typed-array tag')
    if (!Number.isSafeInteger(off) || !Number.isSafeInteger(n) || (off as number) < 0 || (n as number) < 0 || (off as number) % 8 !== 0) {
      throw new SyntaxError('typed-array tag with a bad offset or length')
    }
    const Ctor = CTORS[name as TypedName]
    const start = data + (off as number)
    if (start + (n as number) > bytes.length) throw new SyntaxError('typed array runs past the body')
    if ((n as number) % Ctor.BYTES_PER_ELEMENT !== 0) throw new SyntaxError('typed array of a ragged length')
    const at = bytes.byteOffset + start
    if (!opts.copy && at % Ctor.BYTES_PER_ELEMENT === 0) return new Ctor(bytes.buffer as ArrayBuffer, at, (n as number) / Ctor.BYTES_PER_ELEMENT)
    // Uint8Array's slice copies; a Node Buffer's own slice would only make a view of the pool
    const copy = Uint8Array.prototype.slice.call(bytes, start, start + (n as number))
    return new Ctor(copy.buffer as ArrayBuffer)
  }
  // A plain parse, then one walk that swaps each tag for its array. JSON.parse with a reviver took
  // 6-11 ms in chromium for the 290 KB head of a 1,000-series run's table (one call per value),
  // a share of a long task when Evaluate opens such a run.
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i]
        if (x !== null && typeof x === 'object') v[i] = walk(x)
      }
      return v
    }
    const o = v as Record<string, unknown>
    if (TAG in o) return typed(o)
    for (const k in o) {
      const x = o[k]
      if (x === null || typeof x !== 'object') continue
      const y = walk(x)
      if (y !== x) o[k] = y // a key "__proto__" is an own data property of JSON.parse's: set as one
    }
    return o
  }
  return walk(JSON.parse(head))
}
