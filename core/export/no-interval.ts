// Why an export of a regression run holds no interval (empty lower and upper): the sentence fw train
// and Evaluate say (core/data/conformal.ts noIntervalNote), for the workbook's About sheet and the
// report. Pure.
import { noIntervalNote } from '../data/conformal'

/** Why `x` has no interval, in the app's words; null where it has one (intervalLevel set), where it
 *  classifies (no bounds by its nature) or is a global run (each series has its own, or none). A
 *  config with no interval.level was trained at the default, 0.9 (core/train/config.ts). */
export function noIntervalWords(x: { task: 'regression' | 'classification'; intervalLevel: number | null; config: unknown }, global: boolean): string | null {
  if (x.task !== 'regression' || x.intervalLevel !== null || global) return null
  const level = (x.config as { interval?: { level?: unknown } } | null)?.interval?.level
  return noIntervalNote(typeof level === 'number' ? level : 0.9).app
}
