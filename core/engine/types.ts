// Shared engine types. Shapes are written (dim0, dim1, ...) in row-major order.
// Sequences are time-major like PyTorch's default nn.RNN layout: x is (T, B, D).

export type CellKind = 'elman' | 'lstm' | 'gru'
export type HiddenActivation = 'tanh' | 'relu' | 'sigmoid'
export type OutputActivation = 'identity' | 'sigmoid' | 'softmax'
export type OutputMode = 'per-step' | 'final'
export type LossKind = 'mse' | 'bce' | 'softmax-ce' | 'huber'
export type DType = 'float32' | 'float64'
export type FloatArray = Float32Array | Float64Array

/** Truncated BPTT. `sliding`: every loss term L_t back-propagates through at most k steps
 *  (t-k+1 .. t). `chunked`: the sequence is cut into chunks of k steps; the hidden state crosses a
 *  chunk boundary by value only, so no gradient flows from one chunk into the previous one. */
export type Truncation = { kind: 'none' } | { kind: 'sliding'; k: number } | { kind: 'chunked'; k: number }

export interface ModelSpec {
  cell: CellKind
  inputSize: number // D
  hiddenSize: number // H
  numLayers: number // 1..4
  outputSize: number // O (number of classes for softmax)
  hiddenActivation: HiddenActivation // Elman only; LSTM/GRU use PyTorch's fixed sigmoid/tanh
  outputActivation: OutputActivation // g*, independent of g
  outputMode: OutputMode
  dropout: number // between stacked layers, 0 <= p < 1, seeded
}
