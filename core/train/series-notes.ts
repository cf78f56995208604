// A single-series run's notes said of a global run's series: which series, grouped when many are
// ("12 series: a, b, c and 9 more"), the note in the same terms as a single series' run gives it.
// Pure: fw train --global, fw show, fw forecast and the app say these words.
import { ZERO_WIDTH_MEANS } from '../data/conformal'
import { naturalBy } from '../data/natural'
import { rangeWarning, type TargetRange } from '../data/range'
import { andListCut, choiceNumber, fix, NAMED_SERIES, prefixed, seriesGroup, words, type Words } from '../data/words'
import { NETWORK_ALONE_RATIO, type NetworkAlone } from './choice'
import { timesWords } from './out-of-scale'
import { EXTRAPOLATION } from './forecast'

/** The series whose forecast is the network alone because it made NETWORK_ALONE_RATIO times less
 *  validation error than what the rule chose before (choice.ts, step 4; a single-series run's
 *  sentence says it with both errors); null when none. Runs stored before kept the mean there and
 *  said so in their own note, kept with them. */
export function networkAloneSeriesWords(series: readonly ({ label: string } & NetworkAlone)[]): Words | null {
  if (!series.length) return null
  const one = series.length === 1 ? ` (MAE ${choiceNumber(series[0]!.network)} against ${choiceNumber(series[0]!.forecast)})` : ''
  return { message: `in ${seriesGroup(series.map((s) => s.label))}, the network alone made at least ${NETWORK_ALONE_RATIO} times less error on validation than the mean of models (or the model) the rule would otherwise forecast the series with${one}, so there the forecast is the network alone` }
}

/** The series whose test values lie outside everything the run saw of them before their test
 *  period (rangeWarning, per series: why their scores may be poor, the forecast extrapolating there),
 *  grouped with each one's count; null when none. One series: a single-series run's own words. */
export function outsideTestSeriesWords(series: readonly { label: string; range: TargetRange }[]): Words | null {
  // in natural order, as the tables list the series: the file's order of series changes nothing
  const out = naturalBy(series.filter((s) => s.range.above + s.range.below > 0), (s) => s.label)
  if (!out.length) return null
  if (out.length === 1) return { message: `in series ${out[0]!.label}, ${rangeWarning(out[0]!.range, choiceNumber)!.replace(/\.$/, '')}` }
  return { message: `in ${seriesGroup(out.map((s) => `${s.label} (${s.range.above + s.range.below} of ${s.range.n})`))}, test values lie outside everything seen of the series before its test period: the forecast extrapolates past each one's history there, so judge those series' scores with care` }
}

/** The series of a global model that cannot be forecast `steps` past the end (their network reads
 *  features whose future is unknown: forecast.ts needsFuture), of the `of` series found in the data:
 *  one clause per reason, its series grouped ("23 of 30 series are not forecast 8 steps past the
 *  end (S02, S03, S04 and 20 more): feature promo would need future values; …; the other 7 series
 *  are forecast"); where none is, the sentence says so ("none of the 30 series can be forecast …"). [] when
 *  every series is. In both wordings (the reason's own). */
export function notForecastWords(short: readonly { label: string; error: Words }[], steps: number, of: number): Words[] {
  const byReason = new Map<string, { labels: string[]; error: Words }>()
  for (const s of short) {
    const g = byReason.get(s.error.message)
    if (g) g.labels.push(s.label)
    else byReason.set(s.error.message, { labels: [s.label], error: s.error })
  }
  const ahead = `${steps} ${steps === 1 ? 'step' : 'steps'} past the end`
  const others = of - short.length
  const rest = others > 0 ? `; the other ${others} ${others === 1 ? 'series is' : 'series are'} forecast` : ''
  return [...byReason.values()].map(({ labels, error }) => {
    const who = others === 0 && byReason.size === 1
      ? `none of the ${of} series can be forecast ${ahead}`
      : labels.length === 1 ? `series ${labels[0]!} of ${of} is not forecast ${ahead}` : `${labels.length} of ${of} series are not forecast ${ahead} (${andListCut(labels, NAMED_SERIES)})`
    return { message: `${who}: ${error.message}${rest}`, app: `${who}: ${error.app ?? error.message}${rest}` }
  })
}

/** The series whose last observed values lie outside everything the run saw of them before its test
 *  period (beyondHistory, per series), for the forecast past the end; null when none. `one`: that
 *  warning's own words, where a single series has it. */
export function beyondSeriesWords(labels: readonly string[], one: Words | null): Words | null {
  if (!labels.length) return null
  if (labels.length === 1 && one) return words`in series ${labels[0]!}, ${one}`
  return words`in ${seriesGroup(labels)}, the last observed values lie outside everything the run saw of the series before its test period: the network and the choice of forecaster were fitted on rows that never reached them, so the forecast past the end extrapolates there. Judge those series with care; to fit the new level, ${fix('train again with a later split (data.split in the --config file) so that these rows fall among the training rows', "train again with the split's boundaries moved later in Setup so that these rows fall among the training rows")}`
}

/** The series whose prediction interval has zero width (zeroWidthNote, per series), as a
 *  single-series run says it; null when none. `one`: that series' own words. */
export function zeroWidthSeriesWords(labels: readonly string[], one: string | null, level: number): Words | null {
  if (!labels.length) return null
  if (labels.length === 1 && one) return { message: `in series ${labels[0]!}, ${one}` }
  return { message: `in ${seriesGroup(labels)}, the ${Math.round(level * 100)} % prediction interval has zero width: the validation and test errors it is calibrated on were 0 (all or nearly all, to rounding: the forecast fits those series exactly), so ${ZERO_WIDTH_MEANS}` }
}

/** The series whose MASE scale, with the training values the outlier rule replaced in place, is
 *  more than MASE_SCALE_RATIO times smaller than M4's (maseScaleNotice, per series), as a
 *  single-series run says it; null when none. One series: its own words, lines and factor; more:
 *  the range of their factors, and the series whose replaced values are rows merged by
 *  data.duplicates (`merged`: its rule's word), grouped. */
export function maseScaleSeriesWords(series: readonly { label: string; times: number; note: Words; merged?: string }[]): Words | null {
  if (!series.length) return null
  if (series.length === 1) return prefixed(`in series ${series[0]!.label}, `, series[0]!.note)
  const lo = Math.min(...series.map((s) => s.times))
  const hi = Math.max(...series.map((s) => s.times))
  const x = timesWords(lo) === timesWords(hi) ? timesWords(hi) : `${timesWords(lo)} to ${timesWords(hi)}`
  // the series whose replaced values merged rows sharing a time, grouped by how (one rule a run, in practice)
  const byHow = new Map<string, string[]>()
  for (const s of series) if (s.merged) byHow.set(s.merged, [...(byHow.get(s.merged) ?? []), s.label])
  const merged = [...byHow].map(([how, labels]) => `; in ${seriesGroup(labels)}, a value replaced is the ${how} of rows that share its time (data.duplicates)`).join('')
  return { message: `in ${seriesGroup(series.map((s) => s.label))}, MASE is scaled by the training rows' mean one-step change with the values the outlier rule replaced in place, as the statistical models read them; with them as they are (M4's definition) the scale would be ${x} times larger and every MASE of those series that many times smaller${merged}` }
}

/** The series of a global run forecast `steps` past the end, more steps than the rows of history
 *  each has (forecast.ts farAheadNote, per series), of the `of` series forecast: said once,
 *  grouped; null when none. One series: its own words after its name. */
export function farAheadSeriesWords(series: readonly { label: string; rows: number; checked: number }[], steps: number, of: number): string | null {
  if (!series.length) return null
  const span = (xs: number[], unit: string) => {
    const lo = Math.min(...xs), hi = Math.max(...xs)
    return `${lo === hi ? lo : `${lo} to ${hi}`} ${hi === 1 ? unit : `${unit}s`}`
  }
  const labels = series.map((s) => s.label)
  const who = series.length === of ? (of === 1 ? `series ${labels[0]!}` : `each of the ${of} series forecast`) : series.length === 1 ? `series ${labels[0]!} (of the ${of} series forecast)` : `${series.length} of the ${of} series forecast (${andListCut(labels, NAMED_SERIES)})`
  return `${steps} steps ahead is more than the ${span(series.map((s) => s.rows), 'row')} of history of ${who}, and the run was validated ${span(series.map((s) => s.checked), 'step')} ahead: ${EXTRAPOLATION}`
}
