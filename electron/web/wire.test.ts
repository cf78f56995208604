// The binary wire format on its own: round trips of every typed-array kind (NaN and odd lengths
// included), views of the body where aligned, copies on request, and plain JSON values untouched.
import { describe, expect, it } from 'vitest'
import { decodeWireBinary, encodeWireBinary, isWireBinary } from './wire'

const join = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) out.set(p, (at += p.length) - p.length)
  return out
}

describe('binary wire', () => {
  const value = {
    f64: new Float64Array([1.5, NaN, -Infinity, 4]),
    f32: new Float32Array([0.25, 3]),
    u8: new Uint8Array([1, 2, 3]), // 3 bytes: the next array starts after padding
    i32: new Int32Array([-7, 9]),
    nested: [{ x: 1, s: 'two', n: null }],
    notFinite: NaN // a plain number: null, as in JSON
  }

  it('round-trips every typed-array kind and plain values', () => {
    const bytes = join(encodeWireBinary(value))
    expect(isWireBinary(bytes)).toBe(true)
    const got = decodeWireBinary(bytes) as typeof value
    expect(got.f64).toBeInstanceOf(Float64Array)
    expect(Array.from(got.f64)).toEqual([1.5, NaN, -Infinity, 4])
    expect(got.f32).toEqual(value.f32)
    expect(got.u8).toEqual(value.u8)
    expect(got.i32).toEqual(value.i32)
    expect(got.nested).toEqual(value.nested)
    expect(got.notFinite).toBeNull()
  })

  it('returns views of the body where aligned, and fresh memory when asked to copy', () => {
    const bytes = join(encodeWireBinary(value))
    expect((decodeWireBinary(bytes) as typeof value).f64.buffer).toBe(bytes.buffer)
    expect((decodeWireBinary(bytes, { copy: true }) as typeof value).f64.buffer).not.toBe(bytes.buffer)
  })

  it('tells a binary body from JSON', () => {
    expect(isWireBinary(new TextEncoder().encode('{"a":1}'))).toBe(false)
    expect(() => decodeWireBinary(new TextEncoder().encode('{"a":1}'))).toThrow(SyntaxError)
  })

  it('finds typed arrays at any depth, in arrays and objects, and keeps a "__proto__" key an own property', () => {
    const deep = { a: [[{ b: new Float64Array([2, 3]) }], new Int32Array([5])], c: { d: { e: [null, 1, 'x', new Uint8Array(0)] } } }
    const got = decodeWireBinary(join(encodeWireBinary(deep))) as typeof deep
    expect(got.a[0]).toEqual([{ b: new Float64Array([2, 3]) }])
    expect(got.a[1]).toBeInstanceOf(Int32Array)
    expect(got.c.d.e).toEqual([null, 1, 'x', new Uint8Array(0)])
    const head = '{"__proto__":{"$typed":"f64","off":0,"bytes":8},"ok":1}'
    const bytes = join([...encodeWireBinary(new Float64Array([7]))])
    // the same data section under a head of our own: the prefix, head and padding, then 8 bytes
    const h = new TextEncoder().encode(head)
    const pad = (8 - ((8 + h.length) % 8)) % 8
    const forged = join([bytes.subarray(0, 4), new Uint8Array(new Uint32Array([h.length]).buffer), h, new Uint8Array(pad), bytes.subarray(bytes.length - 8)])
    const o = decodeWireBinary(forged) as Record<string, unknown>
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype)
    expect(Object.prototype.hasOwnProperty.call(o, '__proto__')).toBe(true)
    expect(Array.from(o['__proto__'] as Float64Array)).toEqual([7])
  })

  it('refuses a malformed tag wherever it is', () => {
    const forge = (head: string) => {
      const h = new TextEncoder().encode(head)
      const pad = (8 - ((8 + h.length) % 8)) % 8
      return join([new Uint8Array([0x46, 0x57, 0x42, 0x31]), new Uint8Array(new Uint32Array([h.length]).buffer), h, new Uint8Array(pad), new Uint8Array(8)])
    }
    expect(() => decodeWireBinary(forge('[{"x":[{"$typed":"f64","off":0,"bytes":16}]}]'))).toThrow('runs past the body')
    expect(() => decodeWireBinary(forge('{"y":{"$typed":"f16","off":0,"bytes":8}}'))).toThrow('malformed typed-array tag')
    expect(() => decodeWireBinary(forge('{"y":{"$typed":"f64","off":4,"bytes":8}}'))).toThrow('bad offset')
    expect((decodeWireBinary(forge('{"y":[{"$typed":"u8","off":0,"bytes":8}]}')) as { y: Uint8Array[] }).y[0]).toBeInstanceOf(Uint8Array)
  })
})
