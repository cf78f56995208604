// WebAssembly relaxed SIMD (f32x4.relaxed_madd, a fused multiply-add) is on by default in Electron
// 38, the app's runtime, but behind a flag in Node 20. Node entries (the CLI, the trainer under
// child_process.fork, the bench) call this before the engine's first kernel call (the engine loads
// its wasm lazily), so that they run the same kernels as the app. FW_WASM_RELAXED=0 keeps plain
// SIMD, to measure or test that path; a runtime that validates relaxed SIMD already is left alone.
import { setFlagsFromString } from 'node:v8'
import { RELAXED_BASE64 } from '../engine/kernels/simd-bytes'

// Node's typings here carry no DOM lib, hence the one-method view of the WebAssembly global.
const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly

/** True when relaxed SIMD is (now) available to the engine's kernels. */
export function enableRelaxedSimd(): boolean {
  const bytes = Buffer.from(RELAXED_BASE64, 'base64')
  if (wasm.validate(bytes)) return true
  if (process.env['FW_WASM_RELAXED'] === '0') return false
  setFlagsFromString('--experimental-wasm-relaxed-simd')
  return wasm.validate(bytes)
}
