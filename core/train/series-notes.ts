// A single-series run's notes said of a global run's series: which series, grouped when many are
// ("12 series: a, b, c and 9 more"), the note in the same terms as a single series' run gives it.
// Pure: fw train --global, fw show, fw forecast and the app say these words.
import { ZERO_WIDTH_MEANS } from '../data/conformal'
import { choiceNumber, fix, seriesGroup, words, type Words } from '../data/words'
import { NETWORK_ALONE_RATIO, type NetworkAlone } from './choice'
import { timesWords } from './out-of-scale'

/** The series whose rule kept a mean of models (or a statistical model) where the network alone made
 *  NETWORK_ALONE_RATIO times less validation error (the choice's networkAlone, as a single-series run
 *  says it); null when none. */
export function networkAloneSeriesWords(series: readonly ({ label: string } & NetworkAlone)[]): Words | null {
  if (!series.length) return null
  const one = series.length === 1 ? ` (MAE ${choiceNumber(series[0]!.network)} against ${choiceNumber(series[0]!.forecast)})` : ''
  return words`in ${seriesGroup(series.map((s) => s.label))}, the network alone made at least ${String(NETWORK_ALONE_RATIO)} times less error on validation than the forecast chosen for the series${one}: the rule keeps a mean of models, which forecast held-out data better on the quality benchmark, but there the network alone may be the better forecast. Compare the network's own test scores of those series with their forecast's, and to forecast with the network alone, ${fix('train again with --forecaster network', 'choose "the network alone" as the Forecaster in Setup and train again')}`
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
 *  the range of their factors. */
export function maseScaleSeriesWords(series: readonly { label: string; times: number; note: Words }[]): Words | null {
  if (!series.length) return null
  if (series.length === 1) return { message: `in series ${series[0]!.label}, ${series[0]!.note.message}` }
  const lo = Math.min(...series.map((s) => s.times))
  const hi = Math.max(...series.map((s) => s.times))
  const x = timesWords(lo) === timesWords(hi) ? timesWords(hi) : `${timesWords(lo)} to ${timesWords(hi)}`
  return { message: `in ${seriesGroup(series.map((s) => s.label))}, MASE is scaled by the training rows' mean one-step change with the values the outlier rule replaced in place, as the statistical models read them; with them as they are (M4's definition) the scale would be ${x} times larger and every MASE of those series that many times smaller` }
}
