// The target's range facts of a run (core/train/domain.ts computes them at training time) and
// their words, shared by the app's views, the CLI and the report (issue 18). Pure: no DOM, no Node.

export type Domain = 'non-negative'

/** The target's range facts of one run, as stored with it (runs.range_json). */
export interface TargetRange {
  /** 'non-negative': forecasts and interval bounds are clipped at 0; null: no clipping. */
  domain: Domain | null
  /** Every observed target value before the test period (training, validation and any gap). */
  min: number
  max: number
  /** magnitudeOf the observed values before the test period (core/data/metrics): the scale that
   *  "0 to rounding" is measured on (targetScale); absent in runs stored before it. */
  scale?: number
  /** Observed test values, and how many of them lie above `max` or below `min`. */
  n: number
  above: number
  below: number
  /** Training values far out of scale (core/train/out-of-scale.ts): replaced to fit the scaler,
   *  read by the network as they are; absent where none, and in runs stored before. */
  outOfScale?: { line: number; value: number }[]
  /** The target is the same as on the row before on most training rows (core/train/unchanged-steps.ts):
   *  the share of such steps and its smallest move; absent where not, and in runs stored before. */
  unchanged?: { share: number; smallest: number }
}

/** The warning in words, or null when every test value lies inside the history. */
export function rangeWarning(r: TargetRange | null | undefined, format: (v: number) => string = String): string | null {
  if (!r || r.above + r.below === 0) return null
  const parts = [r.above ? `${r.above} above it` : '', r.below ? `${r.below} below it` : ''].filter(Boolean).join(', ')
  return `${r.above + r.below} of ${r.n} test values ${r.above + r.below === 1 ? 'lies' : 'lie'} outside everything seen before the test period (${format(r.min)} to ${format(r.max)}), ${parts}: the forecast extrapolates past the history there, so judge it with care.`
}

/** The note beside an interval's label where bounds are clipped, or null. `clipped`: the values the
 *  note speaks of (interval bounds, with the forecasts where it names them; null: none made): said
 *  only where one sits at 0, where the domain clipped it, not after "no prediction interval" nor on
 *  values far above 0 (CO2's 313 to 415). */
export function domainNote(d: Domain | null | undefined, clipped: Iterable<number | null | undefined>): string | null {
  if (d !== 'non-negative') return null
  for (const v of clipped) if (v !== null && v !== undefined && v <= 0) return 'clipped at 0: every training value is ≥ 0'
  return null
}
