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
})
