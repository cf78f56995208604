// One flat parameter buffer with named, shaped views. Names and shapes follow PyTorch's nn.RNN /
// nn.LSTM / nn.GRU + nn.Linear, so a model file maps 1:1 onto a PyTorch state_dict.
//
// Per layer l (D_0 = inputSize, D_l = hiddenSize for l > 0; G = 1 Elman, 4 LSTM (i,f,g,o), 3 GRU (r,z,n)):
//   weight_ih_l{l} (G*H, D_l)   weight_hh_l{l} (G*H, H)   bias_ih_l{l} (G*H)   bias_hh_l{l} (G*H)
// Head:
//   head.weight (O, H)   head.bias (O)
import type { CellKind, FloatArray, ModelSpec } from './types'

export interface ParamView {
  name: string
  shape: number[]
  offset: number // into Model.params
  size: number
}

/** Offsets of one layer's four tensors in the flat buffer. */
export interface LayerOffsets {
  wih: number
  whh: number
  bih: number
  bhh: number
  D: number // input width of this layer
}

export function gateCount(cell: CellKind): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1
}

export function buildLayout(spec: ModelSpec): { layout: ParamView[]; size: number } {
  const G = gateCount(spec.cell)
  const H = spec.hiddenSize
  const layout: ParamView[] = []
  let offset = 0
  const add = (name: string, shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1)
    layout.push({ name, shape, offset, size })
    offset += size
  }
  for (let l = 0; l < spec.numLayers; l++) {
    const D = l === 0 ? spec.inputSize : H
    add(`weight_ih_l${l}`, [G * H, D])
    add(`weight_hh_l${l}`, [G * H, H])
    add(`bias_ih_l${l}`, [G * H])
    add(`bias_hh_l${l}`, [G * H])
  }
  add('head.weight', [spec.outputSize, H])
  add('head.bias', [spec.outputSize])
  return { layout, size: offset }
}

export function layerOffsets(spec: ModelSpec, layout: ParamView[]): LayerOffsets[] {
  const out: LayerOffsets[] = []
  for (let l = 0; l < spec.numLayers; l++) {
    const base = l * 4 // layout order: four tensors per layer
    out.push({
      wih: layout[base].offset,
      whh: layout[base + 1].offset,
      bih: layout[base + 2].offset,
      bhh: layout[base + 3].offset,
      D: layout[base].shape[1]
    })
  }
  return out
}

export function findView(layout: ParamView[], name: string): ParamView {
  const v = layout.find((p) => p.name === name)
  if (!v) throw new Error(`no parameter named '${name}'`)
  return v
}

/** A subarray view (no copy) of the named tensor inside `params`. */
export function viewOf(params: FloatArray, layout: ParamView[], name: string): FloatArray {
  const v = findView(layout, name)
  return params.subarray(v.offset, v.offset + v.size)
}
