// Terminal output: a progress bar on a TTY, plain lines otherwise, and aligned tables.
import type { Reclaimed } from '../store'
import type { MetricRow } from '../train/types'
import type { GlobalResult } from '../train/global'
import { CLASSIFICATION_METRICS, REGRESSION_METRICS } from '../train/evaluate'
import { metricUnit, withUnit } from '../data/units'
import type { Words } from '../data/words'
import { stalledWords } from '../train/stalled'
import { timeLeftWords, type TimeLeft } from '../train/progress'
import type { TargetRange } from '../data/range'
import { beyondNoiseClause, FEW_TEST_EVENTS, fewestEvents, fewEventsWords, noSkillWords, runSkill, type ChoiceSummary } from '../export/verdict'
import { classRowsWhere } from '../export/forecast-csv'
import type { ForecastClasses } from '../export/types'
import { headlineMetric, mapeLeftOutWords, metricName, undefinedWords } from '../data/metrics'
import { byPredictor } from '../data/baselines'
import { seasonalNaiveMaseWords } from '../export/metrics-table'

export interface Out {
  write(s: string): void
  isTTY: boolean
  /** Where isTTY: the terminal's width in columns now (a resize changes it), if known; a statusLine
   *  fits its line to it (fitLine). */
  readonly columns?: number
  /** Where isTTY: the terminal's in-place line (statusLine), shared by every Out that writes to that
   *  terminal (onTerminal), and this Out's own write, which leaves that line alone. */
  readonly terminal?: { line: TerminalLine; raw: (s: string) => void }
}

/** The one line a terminal shows in place (progress rewritten as it goes): the stream that showed it
 *  erases it before anything else is written to that terminal, on that stream or the other one, so
 *  that no line runs on from it ('preparing the data: …fw train: target: …'). */
export class TerminalLine {
  private by: ((s: string) => void) | null = null
  /** `raw` shows `text` in place of the line shown, erasing it first where another stream showed it. */
  show(raw: (s: string) => void, text: string): void {
    if (this.by !== raw) this.erase()
    raw(`\r${text}\x1b[K`)
    this.by = raw
  }
  /** Whether `raw` showed the line the terminal shows now. */
  shownBy(raw: (s: string) => void): boolean {
    return this.by === raw
  }
  erase(): void {
    const by = this.by
    this.by = null
    by?.('\r\x1b[K')
  }
  /** The line shown stays, as a line of its own: what is written next starts below it. */
  keep(): void {
    const by = this.by
    this.by = null
    by?.('\n')
  }
}

/** `outs` as Outs that write to one terminal where they are TTYs and `same` (stdout and stderr on the
 *  same terminal; otherwise each TTY is a terminal of its own): each write first erases the line a
 *  statusLine shows there. An Out that has its terminal already is kept as it is. */
export function onTerminal(outs: Out[], same: boolean): Out[] {
  const shared = new TerminalLine()
  return outs.map((o) => {
    if (!o.isTTY || o.terminal) return o
    const line = same ? shared : new TerminalLine()
    const raw = (s: string) => o.write(s)
    return { isTTY: true, get columns() { return o.columns }, terminal: { line, raw }, write: (s: string) => (line.erase(), raw(s)) }
  })
}

export interface StatusLine {
  /** `text` in place of the line shown before, where the stream is a terminal; nothing elsewhere
   *  (a function of its own, passed as it is as a progress callback). */
  show: (text: string) => void
  /** Erases the line this showed, if the terminal still shows it. */
  clear(): void
}

/** One line rewritten in place on `stream` where it is a terminal (progress), fitted to the
 *  terminal's width (fitLine: a line that wraps is not rewritten by '\r', and leaves a trail of its
 *  broken lines); on a pipe or a log it shows nothing at all, whose readers want the command's lines
 *  alone. On an Out made by onTerminal every other write to the same terminal erases the line first. */
export function statusLine(stream: Out | undefined): StatusLine {
  if (!stream?.isTTY) return { show: () => {}, clear: () => {} }
  const { line, raw } = stream.terminal ?? { line: new TerminalLine(), raw: (s: string) => stream.write(s) }
  return {
    // one column spare: some terminals wrap as soon as the last column is written
    show: (text) => line.show(raw, stream.columns ? fitLine(text, stream.columns - 1) : text),
    clear: () => void (line.shownBy(raw) && line.erase())
  }
}

/** `s` cut to `width` columns or fewer, its last character an ellipsis where it was cut. */
function cutEnd(s: string, width: number): string {
  if (displayWidth(s) <= width) return s
  let kept = ''
  let next = ''
  for (const { segment } of graphemes.segment(s)) {
    if (displayWidth(kept + segment) > width - 1) {
      next = segment
      break
    }
    kept += segment
  }
  // at a word's end where one ends a few columns before ('season…', not 'season an…')
  const space = kept.lastIndexOf(' ')
  if (next !== ' ' && space > 0 && kept.length - space <= 8) kept = kept.slice(0, space)
  return `${kept.trimEnd()}…`
}

/** Columns a progress line's wording keeps however narrow the terminal: a few words to know it by. */
const MIN_WORDING = 12
/** The cells a progress bar ('[####....]') keeps at least. */
const MIN_BAR = 8

/** An in-place progress line in `width` columns, its counts and its ETA kept: where it is wider, in
 *  this order, its bar narrows ('[####....] epoch 3/10'), the ETA says the series after its time
 *  in fewer words ('ETA 5 s + 320 series' for 'ETA 5 s of training, then 320 series to fit and
 *  choose'), the wording before its first ': ' is cut with an ellipsis to half its width ("reading
 *  each series' season and…: 120 of 320 series"), then what the ETA says after its time, then that
 *  wording again, to a few words; only on a terminal narrower still is its end cut. */
export function fitLine(text: string, width: number): string {
  let t = text
  const over = () => displayWidth(t) - width
  if (over() <= 0) return t
  const bar = /^\[([#.]+)\]/.exec(t)
  if (bar) {
    const cells = bar[1]!.length
    const keep = Math.max(MIN_BAR, cells - over())
    const filled = Math.round((bar[1]!.split('#').length - 1) * (keep / cells))
    t = `[${'#'.repeat(filled)}${'.'.repeat(keep - filled)}]${t.slice(bar[0].length)}`
  }
  // the wording before the counts, first to half its width (at least MIN_WORDING * 2), then what
  // the ETA says after its time, then that wording again, down to MIN_WORDING
  const cutLabel = (least: number) => {
    const label = /^(.*?): /.exec(t)
    if (!label || over() <= 0) return
    const wording = label[1]!
    const w = displayWidth(wording)
    t = cutEnd(wording, Math.min(w, Math.max(least, w - over()))) + t.slice(wording.length)
  }
  // the ETA in fewer words, whole: 'ETA 5 s + 320 series' for 'ETA 5 s of training, then 320
  // series to fit and choose' (../train/progress.ts timeLeftWords), rather than cut to 'then 320…'
  const whole = /((?:; |  )ETA [^,]*), then (\S+ series)\b.*$/.exec(t)
  if (whole && over() > 0) t = `${t.slice(0, whole.index)}${whole[1]!.replace(/ of training$/, '')} + ${whole[2]}`
  const label = /^(.*?): /.exec(t)
  cutLabel(Math.max(2 * MIN_WORDING, Math.ceil(displayWidth(label?.[1] ?? '') / 2)))
  const eta = /((?:; |  )ETA [^,]*)(, .*)?$/.exec(t)
  if (eta?.[2] && over() > 0) {
    const after = eta[2]
    const cut = cutEnd(after, Math.max(2, displayWidth(after) - over()))
    t = t.slice(0, eta.index) + eta[1] + (displayWidth(cut) <= 3 ? '…' : cut)
  }
  cutLabel(MIN_WORDING)
  return over() > 0 ? cutEnd(t, width) : t
}

/** The line `out`'s terminal shows in place (the last epoch's bar) stays: what follows starts below
 *  it. (An Out not made by onTerminal, on a terminal: a line break, as its line is not known.) */
export function keepLine(out: Out): void {
  if (out.terminal) out.terminal.line.keep()
  else if (out.isTTY) out.write('\n')
}

/** `eta`: the epochs' seconds left, or the run's time left (timeLeft: a global run's series after them). */
export function progressLine(epoch: number, total: number, train: number, val: number | null, eta: number | TimeLeft, width = 24): string {
  const filled = Math.round((epoch / total) * width)
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled)
  const v = val === null ? '' : `  val ${fmt(val)}`
  return `[${bar}] epoch ${epoch}/${total}  train ${fmt(train)}${v}  ${timeLeftWords(typeof eta === 'number' ? { seconds: eta } : eta, 'cli')}`
}

export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—'
  const a = Math.abs(x)
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(2)
  return x.toFixed(a >= 100 ? 2 : digits)
}

/** fmt for numbers said side by side (a column's min, max and mean): all in the one form that fmt
 *  gives the largest of them, so that a small one is not in exponent form beside "0.0000" or
 *  "99.9998" ("0.0008", "0.0000", "99.9998"; "742.05", "661294.58"). */
export function fmtAlike(xs: readonly (number | null | undefined)[], digits = 4): (x: number | null | undefined) => string {
  let big = 0
  for (const x of xs) if (x !== null && x !== undefined && Number.isFinite(x)) big = Math.max(big, Math.abs(x))
  const exp = big !== 0 && (big >= 1e6 || big < 1e-3)
  const d = big >= 100 ? 2 : digits
  return (x) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : exp ? x.toExponential(2) : x.toFixed(d))
}

/** Wide characters a terminal draws in two columns: CJK, Hangul, full-width forms, emoji. */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}\p{Emoji_Presentation}]/u
/** Marks drawn on the character before them, and joiners: no column of their own. */
const ZERO = /[\p{M}\u200b-\u200f\ufe00-\ufe0f]/u

/** One character drawn as an emoji: a symbol asked to be one (U+FE0F after it, 🌡️), one with a skin
 *  tone (👍🏽), joined ones (👩‍💻) and flags (🇫🇷): two columns, however many code points. */
const PICTOGRAPH = /[\p{Extended_Pictographic}\p{Regional_Indicator}]/u
const AS_EMOJI = /[\ufe0f\u200d\p{Emoji_Presentation}\p{Emoji_Modifier}]/u
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

/** The columns a terminal draws `s` in (a name in 中文 or with an emoji is wider than its length in
 *  UTF-16 code units, which misaligned the tables' columns), one user-perceived character at a time. */
export function displayWidth(s: string): number {
  // printable ASCII is one column a character: fw runs' 2,000 rows took 0.7 s in the segmenter
  if (PRINTABLE_ASCII.test(s)) return s.length
  let w = 0
  for (const { segment } of graphemes.segment(s)) {
    if (PICTOGRAPH.test(segment) && AS_EMOJI.test(segment)) w += 2
    else for (const ch of segment) w += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1
  }
  return w
}

const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)))
const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - displayWidth(s))) + s

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? padEnd(c, widths[i]!) : padStart(c, widths[i]!))).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** The metrics in the order a run computes them (core/train/evaluate.ts). */
const METRIC_ORDER: readonly string[] = [...REGRESSION_METRICS, ...CLASSIFICATION_METRICS]

/** How a run is judged (core/export/verdict.ts runSkill): its task, its forecast's choice and its
 *  targetScale. A global run has none (its skill is 1 − GMRAE, as stored). */
export interface Judging { task: 'regression' | 'classification'; choice: ChoiceSummary | null; target: number | null }

/** Per-step metric columns (rmse@k) shown whole up to this many; past it, STEP_COLUMNS_SHOWN of them. */
const MOST_STEP_COLUMNS = 8
const STEP_COLUMNS_SHOWN = 6

/** Test metrics of the model next to every baseline: one row per predictor, one column per metric;
 *  `unit`: the target's, in the headers of the metrics measured in it ("mae (ppm)"). With `judging`,
 *  the forecast's test skill is the verdict's and fw runs' (runSkill: the one rule against the best
 *  baseline on validation it is not made of), not the one stored: a run stored before that rule
 *  kept +0.4 % against ARIMA, a third of its own forecast, which its verdict calls 66 % worse. */
export function metricsTable(metrics: MetricRow[], split: 'test' | 'val' | 'train' = 'test', unit: string | null = null, judging: Judging | null = null, forecasts: readonly { step: number; actual: number | null }[] = []): string {
  const ruled = judging && split === 'test' ? runSkill(judging.task, judging.choice, metrics, judging.target) : null
  const rows = metrics.filter((m) => m.split === split).map((m) => (ruled && m.model === 'model' && m.metric === 'skill' ? { ...m, value: ruled.skill } : m))
  // Plain metrics first, in the order a run computes them (a stored run's come back sorted by
  // name), then per-step ones (rmse@1, rmse@2, ...), then skill.
  const rank = (n: string) => (n === 'skill' ? 2 : n.includes('@') ? 1 : 0)
  const at = (n: string) => (METRIC_ORDER.includes(n) ? METRIC_ORDER.indexOf(n) : METRIC_ORDER.length)
  const all = [...new Set(rows.map((m) => m.metric))].sort((a, b) => rank(a) - rank(b) || (rank(a) === 1 ? a.localeCompare(b, 'en', { numeric: true }) : at(a) - at(b)))
  // a long direct horizon's per-step columns (60 at --horizon 60, ~1,000 characters wide): a few,
  // evenly spaced from the first to the last, and a note of where every one is
  const perStep = all.filter((n) => rank(n) === 1)
  const shown = perStep.length > MOST_STEP_COLUMNS ? [...new Set(Array.from({ length: STEP_COLUMNS_SHOWN }, (_, i) => perStep[Math.round((i * (perStep.length - 1)) / (STEP_COLUMNS_SHOWN - 1))]!))] : perStep
  const names = all.filter((n) => rank(n) !== 1 || shown.includes(n))
  const stepNote = shown.length < perStep.length ? `note: ${perStep[0]!.replace(/@.*/, '')}@k for ${shown.length} of its ${perStep.length} steps (${shown.map((n) => n.replace(/.*@/, '')).join(', ')}); every step's in --json` : null
  const models = [...new Set(rows.map((m) => m.model))].sort(byPredictor) // as fw train lists them, however stored
  const value = (model: string, metric: string) => rows.find((r) => r.model === model && r.metric === metric)?.value ?? null
  // skill is the forecast's alone: the other rows' cells are blank, not "—" (undefined)
  const cell = (model: string, metric: string) => (metric === 'skill' && model !== 'model' ? '' : fmt(value(model, metric)))
  const body = models.map((m) => [m, ...names.map((n) => cell(m, n))])
  const notes = names.flatMap((n) => {
    // a value stored as undefined (null), not one never stored (a row without that metric)
    const blank = models.filter((m) => cell(m, n) === '—' && (n === 'skill' || rows.some((r) => r.model === m && r.metric === n)))
    if (!blank.length) return []
    const why = n === 'skill' ? skillWhy(ruled, judging, judging ? value('model', headlineMetric(judging.task)) : null) : undefinedWords(n)
    return why ? [`— in ${n} (${blank.join(', ')}): ${n === 'skill' ? 'no skill' : 'undefined'}: ${why}`] : []
  })
  // MAPE over a few of the test points (most actuals 0): said under it, as the app and the report say it
  const mape = split === 'test' && judging?.task === 'regression' && names.includes('mape') ? mapeLeftOutWords(forecasts) : null
  return [table(['predictor', ...names.map((n) => withUnit(n, metricUnit(n, unit)))], body), ...notes, ...(stepNote ? [stepNote] : []), ...(mape ? [`note: ${mape}`] : [])].join('\n')
}

/** Why the forecast's skill is "—", as the verdict says it (noSkillWords), or which score it
 *  lacks (`mine`: the forecast's own headline score); null where the run is not judged here. */
function skillWhy(ruled: ReturnType<typeof runSkill> | null, judging: Judging | null, mine: number | null): string | null {
  if (!ruled || !judging) return null
  const key = headlineMetric(judging.task)
  if (ruled.none) return noSkillWords(ruled.none, ruled.baseline, key)
  return mine === null || !Number.isFinite(mine) ? `the forecast has no test ${metricName(key)} (${undefinedWords(key) ?? 'none stored'})` : `no baseline has a test ${metricName(key)} to measure the forecast's against`
}

/** The caution fw train and fw resume print under a classification run's test metrics where its
 *  test period holds fewer than FEW_TEST_EVENTS rows of its rarer class, as its verdict, the app's
 *  Runs list and fw runs mark it (fewEventsWords), naming the classes it lacks by `classes` (their
 *  names; a rule's or a yes/no target's rows in words, classRowsWhere); '' otherwise. */
export function fewEventsNote(task: 'regression' | 'classification', forecasts: readonly { step: number; actual: number | null }[], classes?: { target: string; classes: ForecastClasses | null } | null): string {
  const events = task === 'classification' ? fewestEvents(forecasts, classes?.classes?.names, classRowsWhere(classes?.target ?? '', classes?.classes)) : null
  return events !== null && events.fewest < FEW_TEST_EVENTS ? `caution: ${fewEventsWords(events)}: its scores rest on too few events to tell a real difference from chance; a longer test period or more data gives a surer verdict\n` : ''
}

/** The line fw train --global and fw resume print of a global run's scores across its series;
 *  `over`: how many series the mean MASE is over where some have none (meanMaseOver). */
export function globalSummaryLine(m: GlobalResult['summary'], over = ''): string {
  const seasonal = seasonalNaiveMaseWords(m, fmt)
  return `mean MASE ${fmt(m.meanMase)} (network alone ${fmt(m.network.meanMase)}, naive ${fmt(m.meanNaiveMase)}${seasonal ? `, ${seasonal}` : ''})${over ? ` ${over}` : ''}; ${m.beatNaive} of ${m.series} series beat naive (network alone ${m.network.beatNaive}), ${m.beatBestNaive} the better of naive and seasonal naive (network alone ${m.network.beatBestNaive})${beyondNoiseClause(m.bestNaiveNoise)}`
}

/** How a run ended short, as fw train, fw train --global and fw resume say it before the scores:
 *  that it diverged, or else that its training loss (every epoch, 1, 2, …) barely moved at `lr`
 *  (or over the run's range facts: training values far out of scale, a target that mostly stays)
 *  (a diverged run's loss moved, to infinity: that advice would be the opposite of its own). */
export function endingNotes(out: Out, diverged: { words: Words } | undefined, trainLosses: readonly number[], lr: number, range?: TargetRange | null): void {
  if (diverged) return void out.write(`\nnote: training ${diverged.words.message}\n`)
  const stalled = stalledWords(trainLosses, lr, range ?? {})
  if (stalled) out.write(`\nnote: ${stalled.message}\n`)
}

/** After a deletion that left its space inside a file an older version made: how fw gives it back. */
export function compactHint(r: Reclaimed): string {
  return r.kept > 0 ? 'fw compact rewrites the file so that it gives that space back to the disk (close the app and other fw commands on it first)\n' : ''
}
