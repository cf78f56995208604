// Elementwise activations over buffers. Math.tanh is among V8's slowest Math functions (~20-35 ns
// an element), which made tanh the top self-time of a small Elman train step. For float32
// destinations a clamped rational approximation (the one Eigen uses for float tanh, max abs error
// ~6e-8, below float32 resolution near 1) is several times faster; float64 keeps Math.tanh, so
// gradient checks in double precision see the exact function. NaN in, NaN out on both paths.
import type { FloatArray } from '../types'

// dst = shift + scale * tanh(inScale * src), float32 destinations only. The polynomial is written
// inline on purpose: a helper returning a double, once not inlined, boxes every result in a heap
// number (measured: 16 bytes of garbage per element).
function rationalTanhLoop(
  src: FloatArray, sOff: number, dst: Float32Array, dOff: number, n: number, inScale: number, scale: number, shift: number
): void {
  // Beyond +-clamp the rational form has reached +-1 in float32. A local, not a module constant:
  // a module binding is a tagged value, and mixing it into x would box x as well.
  const clamp = 7.90531110763549805
  for (let i = 0; i < n; i++) {
    const v = inScale * src[sOff + i]
    const x = v > clamp ? clamp : v < -clamp ? -clamp : v
    const x2 = x * x
    let p = x2 * -2.76076847742355e-16 + 2.00018790482477e-13
    p = x2 * p - 8.60467152213735e-11
    p = x2 * p + 5.12229709037114e-8
    p = x2 * p + 1.48572235717979e-5
    p = x2 * p + 6.37261928875436e-4
    p = x2 * p + 4.89352455891786e-3
    let q = x2 * 1.19825839466702e-6 + 1.18534705686654e-4
    q = x2 * q + 2.26843463243900e-3
    q = x2 * q + 4.89352518554385e-3
    dst[dOff + i] = shift + scale * ((x * p) / q)
  }
}

/** dst[dOff + i] = tanh(src[sOff + i]) for i < n. src and dst may be the same buffer. */
export function tanhInto(src: FloatArray, sOff: number, dst: FloatArray, dOff: number, n: number): void {
  if (dst instanceof Float32Array) rationalTanhLoop(src, sOff, dst, dOff, n, 1, 1, 0)
  else for (let i = 0; i < n; i++) dst[dOff + i] = Math.tanh(src[sOff + i])
}

/** dst[dOff + i] = 1 / (1 + exp(-src[sOff + i])); float32 goes through 1/2 + tanh(x/2)/2. */
export function sigmoidInto(src: FloatArray, sOff: number, dst: FloatArray, dOff: number, n: number): void {
  if (dst instanceof Float32Array) rationalTanhLoop(src, sOff, dst, dOff, n, 0.5, 0.5, 0.5)
  else for (let i = 0; i < n; i++) dst[dOff + i] = 1 / (1 + Math.exp(-src[sOff + i]))
}
