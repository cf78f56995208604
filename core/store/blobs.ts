import { invalid } from './errors'

/**
 * Typed arrays go into BLOBs as their raw bytes (little-endian, as on every platform Electron
 * ships for). The dtype is stored beside the blob so it can be read back without guessing.
 */
export type Dtype = 'f64' | 'f32' | 'i32' | 'u32' | 'i16' | 'u16' | 'i8' | 'u8'

export type NumericArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array

const CTORS = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u32: Uint32Array,
  i16: Int16Array,
  u16: Uint16Array,
  i8: Int8Array,
  u8: Uint8Array
} as const

export function dtypeOf(field: string, arr: unknown): Dtype {
  for (const [dtype, Ctor] of Object.entries(CTORS)) {
    if (arr instanceof Ctor) return dtype as Dtype
  }
  throw invalid(field, 'must be a typed array (Float64Array, Float32Array, Int32Array, ...)')
}

/** A zero-copy view of the array's bytes, for binding as a BLOB. */
export function toBlob(arr: NumericArray): Buffer {
  return Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength)
}

/** Reads a BLOB back; copies only when the Buffer is not aligned for the element size. */
export function fromBlob(dtype: 'f64', blob: Uint8Array): Float64Array
export function fromBlob(dtype: 'f32', blob: Uint8Array): Float32Array
export function fromBlob(dtype: Dtype, blob: Uint8Array): NumericArray
export function fromBlob(dtype: Dtype, blob: Uint8Array): NumericArray {
  const Ctor = CTORS[dtype]
  if (Ctor === undefined) throw invalid('dtype', `unknown dtype ${JSON.stringify(dtype)}`)
  const size = Ctor.BYTES_PER_ELEMENT
  if (blob.byteLength % size !== 0) throw invalid('blob', `${blob.byteLength} bytes is not a whole number of ${dtype}`)
  if (blob.byteOffset % size === 0) return new Ctor(blob.buffer as ArrayBuffer, blob.byteOffset, blob.byteLength / size)
  const copy = new Uint8Array(blob) // realigns at offset 0
  return new Ctor(copy.buffer, 0, copy.byteLength / size)
}
