// Helpers for core/data's tests (not part of the pipeline; pure like the rest of core/data).
import { conformalDecay } from './conformal'
import { ImportError, PipelineError } from './errors'
import { importCsv } from './import'
import type { ImportOptions } from './types'

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

/** The ImportError that importing `source` ends in; a dataset, or anything else it throws, fails the test. */
export function importRefusal(source: Parameters<typeof importCsv>[0], options: ImportOptions): Promise<ImportError> {
  return importCsv(source, options).then(
    () => {
      throw new Error('expected an ImportError, but the file was imported')
    },
    (e: unknown) => {
      if (e instanceof ImportError) return e
      throw e
    }
  )
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

/** A residual and its age: how many origins (or windows) before the new forecast's it was made. */
export interface AgedResidual {
  e: number
  age: number
}

/** The weighted split-conformal quantile by brute force, for checking conformal.ts: each residual
 *  weighs decay^age (the level's conformalDecay by default), the new point 1 at +Infinity; the smallest
 *  |residual| (or signed residual) at which the running weight of the sorted residuals reaches
 *  level x the total weight; Infinity when none does. decay 1: the ceil((n + 1) level)-th smallest. */
export function agedConformal(res: AgedResidual[], level: number, signed = false, decay = conformalDecay(level)): number {
  const a = res.map((r) => ({ v: signed ? r.e : Math.abs(r.e), w: decay ** r.age })).sort((x, y) => x.v - y.v)
  const total = a.reduce((s, x) => s + x.w, 1)
  let run = 0
  for (const x of a) if ((run += x.w) >= level * total) return x.v
  return Infinity
}
