// Small constructors for the plain objects protobufjs encodes as onnx.* messages.
import { ATTR, TENSOR_BOOL, TENSOR_FLOAT, TENSOR_INT64 } from './onnx-proto'

export interface TensorObj {
  name: string
  dims: number[]
  data_type: number
  raw_data?: Uint8Array
  int64_data?: number[]
}

export type AttrValue = number | string | string[] | number[] | { floats: number[] }

export interface NodeObj {
  op_type: string
  input: string[]
  output: string[]
  name: string
  attribute: Record<string, unknown>[]
}

/** float32 little-endian raw_data, as ONNX requires regardless of the host. */
export function floatTensor(name: string, dims: number[], data: ArrayLike<number>): TensorObj {
  const n = dims.reduce((a, b) => a * b, 1)
  if (data.length !== n) throw new Error(`initializer ${name}: ${data.length} values for shape [${dims.join(', ')}]`)
  const bytes = new Uint8Array(4 * n)
  const dv = new DataView(bytes.buffer)
  for (let i = 0; i < n; i++) dv.setFloat32(4 * i, data[i], true)
  return { name, dims, data_type: TENSOR_FLOAT, raw_data: bytes }
}

export function int64Tensor(name: string, data: number[]): TensorObj {
  return { name, dims: [data.length], data_type: TENSOR_INT64, int64_data: data }
}

/** A bool tensor (one byte per value in raw_data), e.g. the condition of a Where. */
export function boolTensor(name: string, data: boolean[]): TensorObj {
  return { name, dims: [data.length], data_type: TENSOR_BOOL, raw_data: Uint8Array.from(data, (b) => (b ? 1 : 0)) }
}

const utf8 = new TextEncoder()

function attribute(name: string, v: AttrValue): Record<string, unknown> {
  if (typeof v === 'number') return Number.isInteger(v) ? { name, type: ATTR.INT, i: v } : { name, type: ATTR.FLOAT, f: v }
  if (typeof v === 'string') return { name, type: ATTR.STRING, s: utf8.encode(v) }
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return { name, type: ATTR.STRINGS, strings: (v as string[]).map((x) => utf8.encode(x)) }
  if (Array.isArray(v)) return { name, type: ATTR.INTS, ints: v }
  return { name, type: ATTR.FLOATS, floats: v.floats }
}

export function node(op: string, input: string[], output: string[], attrs: Record<string, AttrValue> = {}): NodeObj {
  return { op_type: op, input, output, name: `${op}_${output[output.length - 1]}`, attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) }
}

/** A float32 graph input/output; a string dim is symbolic (e.g. 'batch'). */
export function valueInfo(name: string, dims: (number | string)[]): Record<string, unknown> {
  return {
    name,
    type: { tensor_type: { elem_type: TENSOR_FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } }
  }
}
