// Helpers for core/data's tests (not part of the pipeline; pure like the rest of core/data).
import { PipelineError } from './errors'

/** The PipelineError that `f` throws; anything else it throws, or nothing, fails the test. */
export function pipelineError(f: () => unknown): PipelineError {
  try {
    f()
  } catch (e) {
    if (e instanceof PipelineError) return e
    throw e
  }
  throw new Error('expected a PipelineError, but nothing was thrown')
}

/** Seeded standard normals (mulberry32 uniforms, Box-Muller): the same sequence for a seed. */
export function gauss(seed: number): () => number {
  let a = seed >>> 0
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296
  }
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()) // Box-Muller
}
