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
