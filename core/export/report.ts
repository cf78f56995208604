// The run report: one self-contained HTML page (inline CSS and SVG, no scripts, no requests) that
// someone who never opens the app can read, print or archive.
import { flattenConfig } from './config-rows'
import { beatsBetterNaiveWord, beatsNaiveWord, beatsRateWord, globalClassMetricsNote, globalMetricsNote, hasNetworkColumn, skippedSeriesWords, higherIsBetter, metricsTable, type MetricsTableRow } from './metrics-table'
import { forecasterName } from './forecaster-name'
import { barChart, confusionMatrix, heatmap, lineChart, splitTimeline, type Series } from './report/charts'
import { esc, formatNumber, isoDate } from './report/scale'
import { REPORT_CSS } from './report/style'
import type { DataSummary, ReportInput, ThresholdSummary } from './types'
import { thresholdTable, thresholdWords } from './threshold-table'
import { baselineWords, beyondNoiseClause, noSkillWords, fewestEvents, knownInputsOfConfig, scoredForecasts, skillPercent, verdictOf } from './verdict'
import { metricUnit, withUnit } from '../data/units'
import { BRIER_WORDS, classThresholdWords, headlineMetric, mapeLeftOutWords, metricName, targetScale, undefinedWords } from '../data/metrics'
import { classLabels, classRowsWhere, forecastColumn, positiveClass } from './forecast-csv'
import { domainNote, rangeWarning } from '../data/range'
import { noIntervalWords } from './no-interval'
import { appWords, sentenceOf } from '../data/words'
import { vanishingWords, type VanishingModel } from '../train/vanishing'
import { scoredPathWords, scoredStepsWords } from '../train/choice-steps'
import { completeness } from '../train/explain-run'
import { endingMark } from './ending'
import { isOffsetMark, offsetText, stampZone, timeCell, timeStampOf, zoneClock, type TimeZoneMark } from '../data/time-cell'

export type { ReportInput } from './types'

/** Section ids, in page order; 'classification' only for classification runs, 'series' only for global runs. */
export const REPORT_SECTIONS = ['verdict', 'notices', 'data', 'split', 'config', 'loss', 'gradients', 'metrics', 'series', 'forecast', 'explain', 'classification'] as const

const SPLIT_COLORS = { train: '#2563eb', val: '#f59e0b', test: '#10b981' }
// chart widths in CSS pixels of the 1120 px page, so text in the SVG keeps its intended size
const FULL = 1020
const HALF = 490
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`)

/** The data's times as the workbook's Data sheet and the forecast files write them (../data/time-cell):
 *  one form for the span and the splits' dates, in the data's zone where its times carried one
 *  (2024-03-31T03:00:00+02:00, 2024-03-01T00:00:00Z), with none where they did not: local clock times
 *  of an unknown zone (2024-03-01, 2024-03-01 13:00:00), never called UTC; ISO weeks as weeks
 *  (2024-W05) where every time starts one. `more`: other times
 *  written in the same form (a time past the end). */
function dataTime(r: ReportInput, more: (number | null)[] = []): (ms: number | null) => string {
  const d = r.data
  const zone = r.timeZone ?? null
  const stamp = timeStampOf([d.start, d.end, ...d.splits.flatMap((s) => [s.start, s.end]), ...more], zone) // ISO weeks as weeks
  return (ms) => timeCell(ms, stamp, zone) ?? '–'
}

/** The forecast chart's time axis: each time at the clock time the forecast files write (in its
 *  stamp's zone, so the ticks read as the files' cells), and its label naming that zone: none for
 *  local clock times and ISO weeks, UTC for Z, else the offsets drawn (and a learnt rule's name). */
function timeAxis(zone: TimeZoneMark, times: readonly number[]): { at: (ms: number) => number; label: string } {
  if (!isOffsetMark(zone)) return { at: (ms) => ms, label: 'time' }
  const offsets = [...new Set(times.map((t) => offsetText(stampZone(t, zone))))]
  const rule = typeof zone === 'object' && 'rule' in zone ? `${zone.rule} clock: ` : ''
  const label = offsets.length === 1 && offsets[0] === 'Z' && !rule ? 'UTC' : `${rule}${offsets.join(' and ')}`
  return { at: (ms) => zoneClock(ms, stampZone(ms, zone)), label: `time (${label})` }
}

function section(id: string, title: string, lead: string, body: string): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>${lead ? `<p class="lead">${lead}</p>` : ''}${body}</section>`
}

function kpis(r: ReportInput, table: MetricsTableRow[]): string {
  // the run's headline metric (core/data/metrics), as the verdict, the run lists and the XLSX: its
  // skill is the one beside it; a global run has no MAE or RMSE (units differ per series): its GMRAE
  const prefer = [headlineMetric(r.task), 'gmrae', 'mae', 'smape', 'mase']
  const test = table.filter((t) => t.split === 'test')
  const main = prefer.map((m) => test.find((t) => t.metric === m)).find((t) => t !== undefined) ?? test[0] ?? table[0]
  const c = r.series?.summary.classification ?? null
  const card = (label: string, value: string, note: string) => `<div class="kpi"><div class="label">${esc(label)}</div><div class="value">${value}</div><div class="note">${note}</div></div>`
  const cards = [
    card(main ? withUnit(`${main.split} ${metricName(main.metric)}`, metricUnit(main.metric, r.unit)) : 'metric', main ? esc(formatNumber(main.model)) : '–', main?.bestBaseline ? `best baseline, ${esc(baselineWords(main.bestBaseline))}${r.series && !c ? '' : ' (picked on validation)'}: ${esc(main.split)} ${esc(metricName(main.metric))} ${esc(formatNumber(r.metrics.find((m) => m.split === main.split && m.metric === main.metric && m.model === main.bestBaseline)?.value ?? null))}` : 'no baseline'),
    card('skill vs best baseline', main?.skill == null ? '–' : `<span class="${main.skill >= 0 ? 'pos' : 'neg'}">${skillPercent(main.skill)}</span>`, main?.noSkill ? `no skill: ${esc(noSkillWords(main.noSkill, main.bestBaseline, main.metric, main.split))}` : main ? `on ${esc(main.metric)}, ${higherIsBetter(main.metric) ? 'higher' : 'lower'} is better` : ''),
    // a global classification's: how many series beat their own training rate (its verdict's measure)
    // beyond the noise of their test rows where the run keeps it, as its verdict counts them
    c ? card('series beating their training rate', `${c.rateNoise?.beat ?? c.beatRate} of ${r.series!.rows.length}`, `a lower test Brier than each class at its share of the series' training rows${c.rateNoise ? `, beyond the noise of their test rows (${c.rateNoise.level} level with it within that noise)` : ''}`)
    : r.task === 'classification'
      ? aucCard(r, table, card)
      : card('interval coverage', pct(r.intervalCoverage), r.intervalLevel === null ? 'no interval' : `target ${pct(r.intervalLevel)} (test split${r.series ? ", every series' points" : ''})`),
    // a run that diverged says so beside its epochs, and which one's weights it kept
    card('epochs', String(r.epochs.length), [r.bestEpoch === null ? '' : `best at epoch ${r.bestEpoch}`, r.ending ? `<span class="neg" id="ending-mark">${esc(endingMark(r.ending))}</span>` : ''].filter(Boolean).join(' · '))
  ]
  return `<div class="kpis wrap">${cards.join('')}</div>`
}

/** The test AUC of the metrics table (the app's and fw show's): for more than two classes the mean
 *  of each class's AUC against the rest, which the card says. */
function aucCard(r: ReportInput, table: MetricsTableRow[], card: (label: string, value: string, note: string) => string): string {
  const auc = table.find((t) => t.split === 'test' && t.metric === 'auc')?.model ?? null
  const K = r.classification?.labels.length ?? r.classes?.names.length ?? 2
  return card('test AUC', esc(formatNumber(auc)), K > 2 ? `mean of each of the ${K} classes' AUC against the rest` : 'area under the ROC curve')
}

/** The verdict (core/export/verdict.ts, the same words and tone as the app) and, for regression,
 *  which forecaster made the numbers with every candidate's validation score. */
function verdictSection(r: ReportInput): string {
  const v = verdictOf(r.task, r.choice ?? null, r.metrics, r.series?.summary ?? null, scoredForecasts(r.forecast), targetScale(r.range), fewestEvents(r.forecast, r.classes?.names, classRowsWhere(r.target, r.classes)), 'app', knownInputsOfConfig(r.config), r.noise ?? null)
  const icon = { good: '✓', warn: '!', bad: '✗' }[v.tone]
  const max = Math.max(0, ...v.validation.map((x) => x.mae))
  const rows = v.validation.map((x) => `<tr${x.chosen ? ' class="chosen"' : ''}><td>${esc(x.label)}${x.chosen ? ' <span class="tag">forecast</span>' : ''}</td><td class="num">${esc(formatNumber(x.mae, 4))}</td><td class="barcell"><span class="bar${x.name === 'network' ? ' net' : ''}" style="width:${max > 0 ? ((x.mae / max) * 100).toFixed(1) : 0}%"></span></td></tr>`)
  const table = rows.length ? `<table class="scores"><caption>Validation MAE over ${esc(scoredStepsWords(r.choice ?? { steps: 1 }))}, lower is better (every candidate scored ${esc(scoredPathWords(r.choice ?? { steps: 1 }))} from each validation origin, whatever the horizon: not the metrics table's validation MAE; the forecast is chosen by a fixed rule that prefers a mean of models to the single lowest score; the sentence above says which and why)</caption><thead><tr><th>candidate</th><th class="num">MAE</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>` : ''
  const lost = v.networkLost ? `<p class="lost">The network lost to the statistical models on validation: every forecast and interval in this report comes from ${esc(v.forecaster)}.</p>`
    : v.passedOver ? `<p class="lost">${esc(v.passedOver)}: every forecast and interval in this report comes from ${esc(v.forecaster)}.</p>` : ''
  const action = v.action ? `<p><b>What to do:</b> ${esc(v.action)}</p>` : ''
  // stored when the run trained (core/train/domain.ts); absent for runs stored before
  const warning = rangeWarning(r.range, (x) => formatNumber(x, 4))
  const range = warning ? `<p class="lost" id="range-warning">${esc(warning)}</p>` : ''
  const remade = r.remade ? `<p class="remade"><b>Remade:</b> ${esc(r.remade)}.</p>` : ''
  // how training ended short (it diverged and kept its best epoch), as the app's Train view says it
  const ending = r.ending ? `<p class="lost" id="ending">Training ${esc(r.ending.words)}.</p>` : ''
  return `<section id="verdict" class="verdict ${v.tone}"><h2><span aria-hidden="true">${icon}</span> ${esc(v.headline)}</h2><p>${r.remade ? 'When the run trained, its forecast was made by' : 'Forecast made by'} <b>${esc(v.forecaster)}</b>. ${esc(v.detail)}</p>${remade}${ending}${lost}${range}${action}${table}</section>`
}

const count = (n: number) => n.toLocaleString('en-US')
/** Whether the file's rows and the run's differ (rows past the target's last value left out, a
 *  series picked, a time grid's rows added). */
const apart = (d: DataSummary) => (d.fileRows ?? d.rows) !== d.rows || (d.gridRows ?? 0) > 0

/** The Dataset section's rows: the file's (which the column table counts) and the run's (which its
 *  date range and splits cover) apart where they differ, and the rows its time grid added
 *  (exploratory pass 20: "156 rows" above a table of 169 values a column). */
export function dataRowsWords(d: DataSummary): string {
  if (!apart(d)) return `${count(d.rows)} rows`
  const grid = d.gridRows ? `, ${count(d.gridRows)} of them added by its regular time grid where the file has no row` : ''
  return `${count(d.fileRows ?? d.rows)} rows in the file (the column table counts them); ${count(d.rows)} in the run${grid}`
}

/** The notices kept with the run that bear on reading its results, as the app says them beside its
 *  verdict; nothing for a run with none (runs stored before included). */
function noticesSection(r: ReportInput): string {
  const notices = r.notices ?? []
  return notices.length ? `<section id="notices"><h2>Notices</h2><ul>${notices.map((n) => `<li>${esc(sentenceOf(n))}</li>`).join('')}</ul></section>` : ''
}

function dataSection(r: ReportInput): string {
  const d = r.data
  const when = dataTime(r)
  const head = `<p class="lead">${esc(d.name)} · ${esc(dataRowsWords(d))}${d.timeColumn ? ` · time column <b>${esc(d.timeColumn)}</b> from ${esc(when(d.start))} to ${esc(when(d.end))}${apart(d) ? " (the run's rows)" : ''}` : ''}</p>`
  const rows = d.columns.map((c) => `<tr><td>${esc(c.name)}</td><td><span class="tag ${esc(c.role)}">${esc(c.role)}</span></td><td>${esc(c.type)}</td><td class="num">${c.count.toLocaleString('en-US')}</td><td class="num">${c.missing.toLocaleString('en-US')}</td>${[c.mean, c.std, c.min, c.max].map((v) => `<td class="num">${esc(formatNumber(v, 4))}</td>`).join('')}</tr>`)
  return `<section id="data"><h2>Dataset</h2>${head}<table><thead><tr><th>column</th><th>role</th><th>type</th><th class="num">values</th><th class="num">missing</th><th class="num">mean</th><th class="num">std</th><th class="num">min</th><th class="num">max</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
}

function splitSection(r: ReportInput): string {
  const when = dataTime(r)
  const segs = r.data.splits.map((s) => ({
    label: s.split, rows: s.rows, color: SPLIT_COLORS[s.split],
    detail: s.start !== null ? `${when(s.start)} → ${when(s.end)}` : s.startRow !== null ? `rows ${s.startRow}–${s.endRow}` : ''
  }))
  const rows = r.data.splits.map((s) => `<tr><td>${s.split}</td><td class="num">${s.rows.toLocaleString('en-US')}</td><td class="num">${s.windows?.toLocaleString('en-US') ?? '–'}</td><td>${esc(when(s.start))}</td><td>${esc(when(s.end))}</td><td class="num">${s.startRow === null ? '–' : `${s.startRow}–${s.endRow}`}</td></tr>`)
  return section('split', 'Split timeline', 'Chronological train / validation / test split; the scaler is fitted on the training part only.',
    `${splitTimeline(segs)}<table><thead><tr><th>split</th><th class="num">rows</th><th class="num">windows</th><th>start</th><th>end</th><th class="num">dataset rows</th></tr></thead><tbody>${rows.join('')}</tbody></table>`)
}

function configSection(r: ReportInput): string {
  const groups = new Map<string, [string, unknown][]>()
  for (const [k, v] of flattenConfig(r.config)) {
    const dot = k.indexOf('.')
    const g = dot < 0 ? 'run' : k.slice(0, dot)
    if (!groups.has(g)) groups.set(g, [])
    groups.get(g)!.push([dot < 0 ? k : k.slice(dot + 1), v])
  }
  const cards = [...groups].map(([g, kv]) => `<div class="group"><h3>${esc(g)}</h3><dl>${kv.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v === null ? '–' : String(v))}</dd>`).join('')}</dl></div>`)
  return section('config', 'Configuration', 'The run’s settings exactly as stored with it.', `<div class="cfg">${cards.join('')}</div>`)
}

function lossSection(r: ReportInput): string {
  const e = r.epochs
  const losses = e.flatMap((p) => [p.trainLoss, p.valLoss ?? NaN]).filter((v) => Number.isFinite(v) && v > 0)
  const log = losses.length > 0 && Math.max(...losses) / Math.min(...losses) > 20
  const chart = lineChart({
    ariaLabel: 'training and validation loss per epoch', width: FULL, height: 300,
    series: [
      { name: 'train loss', color: '#2563eb', points: e.map((p) => [p.epoch, p.trainLoss]) },
      { name: 'validation loss', color: '#ea580c', points: e.map((p) => [p.epoch, p.valLoss]) }
    ],
    x: { kind: 'number', label: 'epoch', integer: true, domain: e.length > 1 ? [e[0].epoch, e[e.length - 1].epoch] : undefined },
    y: { label: log ? 'loss (log scale)' : 'loss', log },
    vlines: r.bestEpoch === null ? [] : [{ x: r.bestEpoch, label: `best epoch ${r.bestEpoch}` }]
  })
  return section('loss', 'Loss curves', 'Loss on the scaled target, per epoch. The stored model is the one from the best validation epoch.', chart)
}

function gradientSection(r: ReportInput): string {
  const withFlow = r.epochs.filter((p) => p.gradFlow !== null && p.gradFlow.length > 0)
  const picks = withFlow.length <= 5 ? withFlow : [0, 0.25, 0.5, 0.75, 1].map((q) => withFlow[Math.round(q * (withFlow.length - 1))])
  const shades = ['#bfdbfe', '#93c5fd', '#60a5fa', '#2563eb', '#1e3a8a']
  const series: Series[] = picks.map((p, i) => ({
    name: `epoch ${p.epoch}`, color: shades[Math.max(0, shades.length - picks.length + i)],
    points: p.gradFlow!.map((g, t) => [t + 1, g] as [number, number])
  }))
  const flow = series.length === 0 ? '<p class="lead">No gradient-flow data was recorded for this run.</p>' : lineChart({
    ariaLabel: 'gradient norm per time step', width: HALF, height: 300, series,
    x: { kind: 'number', label: 'time step in the window (1 = oldest input)', integer: true },
    y: { label: '‖∂L/∂hₜ‖ (log scale)', log: true }
  })
  const norm = lineChart({
    ariaLabel: 'gradient norm per epoch', width: HALF, height: 300,
    series: [{ name: 'global gradient norm (before clipping)', color: '#7c3aed', points: r.epochs.map((p) => [p.epoch, p.gradNorm]) }],
    x: { kind: 'number', label: 'epoch', integer: true }, y: { label: 'gradient norm' }
  })
  // the note fw show and the app give, where most of the look-back gets a negligible gradient
  const vanishing = vanishingWords(r.epochs, (r.config as { model?: VanishingModel } | null)?.model)
  const app = vanishing ? appWords(vanishing) : null
  const said = app ? `<p class="lost" id="vanishing">${esc(app[0]!.toUpperCase() + app.slice(1))}.</p>` : ''
  // the flow is the top layer's (core/engine/bptt.ts): a stacked run's lower layers are not measured
  const layers = (r.config as { model?: VanishingModel } | null)?.model?.numLayers ?? 1
  const top = layers > 1 ? `, measured at the top of the ${layers} layers only` : ''
  return section('gradients', 'Gradient flow', `How much of the loss gradient reaches each step of the input window (back-propagation through time)${top}. Steep decay to the left means early inputs barely train the network: vanishing gradients.`,
    `${said}<div class="grid2"><div><h3>Gradient reaching each time step</h3>${flow}</div><div><h3>Gradient norm per epoch</h3>${norm}</div></div>`)
}

function metricsSection(r: ReportInput, table: MetricsTableRow[]): string {
  const net = hasNetworkColumn(table)
  const head = `<tr><th>split</th><th>metric</th><th class="num">model</th>${net ? '<th class="num">network alone</th>' : ''}${r.baselineNames.map((b) => `<th class="num">${esc(baselineWords(b))}</th>`).join('')}<th class="num">skill vs best baseline</th></tr>`
  const rows = table.map((t) => {
    const all = [t.model, ...(net ? [t.network] : []), ...t.baselines].filter((v): v is number => v !== null)
    const best = all.length === 0 ? null : higherIsBetter(t.metric) ? Math.max(...all) : Math.min(...all)
    // an undefined score (0 / 0 precision, sMAPE over zeros) says why in its title, as a missing skill does
    const why = undefinedWords(t.metric)
    const td = (v: number | null) => `<td class="num${v !== null && v === best ? ' best' : ''}"${v === null && why ? ` title="${esc(`Undefined: ${why}`)}"` : ''}>${esc(formatNumber(v, 4))}</td>`
    const sk = t.skill === null ? `<td class="num"${t.noSkill ? ` title="${esc(`No skill: ${noSkillWords(t.noSkill, t.bestBaseline, t.metric, t.split)}`)}"` : ''}>–</td>` : `<td class="num ${t.skill >= 0 ? 'pos' : 'neg'}">${skillPercent(t.skill)}${t.bestBaseline ? ` <span class="tag">${esc(baselineWords(t.bestBaseline))}</span>` : ''}</td>`
    return `<tr><td>${t.split}</td><td>${esc(withUnit(t.metric, metricUnit(t.metric, r.unit)))}</td>${td(t.model)}${net ? td(t.network) : ''}${t.baselines.map(td).join('')}${sk}</tr>`
  })
  // MAPE over a few of the test points (most actuals 0): said under the table, as fw train and the app say it
  const mape = r.task === 'regression' && !r.series && table.some((t) => t.split === 'test' && t.metric === 'mape') ? mapeLeftOutWords(r.forecast) : null
  const alone = net ? ' The network alone column is the trained network’s own forecasts, for comparison; it is not a baseline.' : ''
  const c = r.series?.summary.classification ?? null
  const global = c ? ` ${esc(globalClassMetricsNote(c.bestBaseline))}` : r.series ? ` ${esc(globalMetricsNote(r.series.rows, r.metrics, r.series.summary))}` : ''
  return section('metrics', 'Metrics against baselines', `Bold: the best value in the row. The model column is the run’s forecast (see the verdict for what made it).${alone} Skill: for errors 1 − model / best baseline; for scores the share of the best baseline’s gap to a perfect score that the model closes. ${c ? 'The best baseline, named beside each skill, is the one with the lowest mean Brier on validation. Positive means the forecast beats it.' : r.series ? `The best baseline is naive, as of the run’s own skill${r.metrics.some((m) => m.model === 'seasonal-naive') ? ' (seasonal naive is beside it, not judged against)' : ''}. Positive means the forecast beats naive.` : 'The best baseline, named beside each skill, is the best on validation of those the forecast is not made of, as in the verdict. Positive means the forecast beats it.'}${r.task === 'classification' ? ` ${esc(BRIER_WORDS)}. Accuracy, F1, precision and recall: ${esc(classThresholdWords(r.classification?.labels.length ?? r.classes?.names.length ?? 2))}.` : ''}${global}`,
    `<table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>${mape ? `<p class="muted" id="mape-left-out">${esc(mape)}.</p>` : ''}`)
}

/** A global run: every series' test scores against its own naive forecasts, in the run's order. */
function seriesSection(r: ReportInput): string {
  const g = r.series!
  if (g.summary.classification) return classSeriesSection(r)
  const num = (v: number | null) => `<td class="num">${esc(formatNumber(v, 4))}</td>`
  // against the better of naive and seasonal naive, "level" within each series' noise, where the input carries it
  const hasBetter = g.rows.some((s) => s.beatsBestNaive !== undefined)
  const rows = g.rows.map((s) => `<tr>${s.series.map((k) => `<td>${esc(k)}</td>`).join('')}<td class="num">${s.n}</td>${[s.mae, s.mase, s.naiveMae, s.seasonalNaiveMae].map(num).join('')}<td class="num">${pct(s.coverage)}</td><td>${beatsNaiveWord(s)}</td>${hasBetter ? `<td>${beatsBetterNaiveWord(s, s.noise) ?? '–'}</td>` : ''}<td>${esc(s.forecastBy ? forecasterName(s.forecastBy, s.forecastLabel) : '–')}</td></tr>`)
  const beat = g.rows.filter((s) => s.beatsNaive).length
  // the better of naive and seasonal naive, as the verdict counts them: beyond noise where the run keeps it
  const better = hasBetter ? `, ${g.summary.beatBestNaive} the better of naive and seasonal naive${beyondNoiseClause(g.summary.bestNaiveNoise)}` : ''
  return section('series', 'Series', `One model across ${g.rows.length} series${g.skipped?.length ? ` (${skippedSeriesWords(g.skipped, g.rows.length)})` : ''}; ${beat} of them beat their naive forecast on test${better}. MASE scales each series' MAE by its training rows' mean one-step change, with the values the outlier rule replaced read as its statistical models read them. Forecast by: what each series' validation rows chose (the network, statistical models, both, or naive for a random walk); its scores are that forecast's.`,
    `<table><thead><tr>${g.columns.map((c) => `<th>${esc(c)}</th>`).join('')}<th class="num">test forecasts</th><th class="num">${esc(withUnit('MAE', r.unit ?? null))}</th><th class="num">MASE</th><th class="num">naive MAE</th><th class="num">seasonal naive MAE</th><th class="num">coverage</th><th>beats naive</th>${hasBetter ? '<th>beats better naive</th>' : ''}<th>forecast by</th></tr></thead><tbody>${rows.join('')}</tbody></table>`)
}

/** A global classification: every series' class scores against its own baselines, fitted on its
 *  training rows, as fw show's table has them; every series is forecast by the network. */
function classSeriesSection(r: ReportInput): string {
  const g = r.series!
  const c = g.summary.classification!
  const num = (v: number | null | undefined) => `<td class="num">${esc(formatNumber(v ?? null, 4))}</td>`
  const rows = g.rows.map((s) => {
    const k = s.classScores ?? null
    const beats = beatsRateWord(k ?? {}, k?.rateNoise)
    return `<tr>${s.series.map((x) => `<td>${esc(x)}</td>`).join('')}<td class="num">${s.n}</td>${[k?.accuracy, k?.brier, k?.logLoss, k?.rateBrier, k?.persistenceBrier, k?.majorityAccuracy].map(num).join('')}<td>${beats ?? '–'}</td></tr>`
  })
  const lead = `One network across ${g.rows.length} series${g.skipped?.length ? ` (${skippedSeriesWords(g.skipped, g.rows.length)})` : ''} forecasts ${r.classes?.rule ? `whether ${esc(positiveClass(r.target, r.classes))}` : `the class of ${esc(r.target)}, one of ${esc((r.classes ? classLabels(r.classes) : c.classes).map((x) => `"${x}"`).join(', '))}`}; ${c.beatRate} of them beat their training rate on test (a lower Brier)${beyondNoiseClause(c.rateNoise)}. Each series is scored on its own test rows against its own baselines, fitted on its training rows: majority (its most frequent class), persistence (the class at the window's last row) and training rate (each class at its share). No statistical model forecasts a class: every series is forecast by the network.`
  return section('series', 'Series', lead,
    `<table><thead><tr>${g.columns.map((x) => `<th>${esc(x)}</th>`).join('')}<th class="num">test forecasts</th><th class="num">accuracy</th><th class="num">Brier</th><th class="num">log loss</th><th class="num">training-rate Brier</th><th class="num">persistence Brier</th><th class="num">majority accuracy</th><th>beats training rate</th></tr></thead><tbody>${rows.join('')}</tbody></table>`)
}

function forecastSection(r: ReportInput): string {
  const steps = new Set(r.forecast.map((f) => f.step))
  const rows = r.forecast.filter((f) => f.step === Math.min(...steps))
  const timed = rows.every((f) => f.time !== null)
  // times at the clock time the forecast files write, the axis named by their zone (a global run's
  // series shown: its own, where the file's series are in different zones)
  const axis = timed ? timeAxis(rows[0]?.zone ?? r.timeZone ?? null, rows.map((f) => f.time!)) : null
  const xOf = (f: (typeof rows)[number], i: number) => (axis ? axis.at(f.time!) : f.row ?? i)
  // a step index's axis is its integers, no dates
  const x = { kind: axis && r.timeZone !== 'step' ? 'time' : 'number', label: axis?.label ?? 'row' } as const
  const cls = r.task === 'classification'
  // more than two classes: no index of a class is drawn, but probabilities (manyClassesChart)
  const K = r.classes?.names.length ?? 2
  // a global run keeps each series' likeliest class alone, not each class's probability: nothing to draw
  if (cls && K > 2 && r.series && !rows.some((f) => f.probs)) return section('forecast', 'Predicted class against actual', `A global run keeps each series' likeliest class for each test row, not each class's probability, and a class's index is no quantity to draw; this run's model file, from which a report rebuilds the probabilities of the series shown, ${esc(r.series.probsWhy ?? 'is not kept (a run stored before model files were kept), could not be rebuilt or does not give the stored class at every test row')}: no chart is drawn. The confusion matrix below pools every series' test rows; the forecast CSV and XLSX name each row's class.`, '')
  if (cls && K > 2) return manyClassesSection(r, rows, xOf, x, K, steps)
  // two classes: the probability of the second, named as the CSV names it ('P(precipitation > 0)')
  const prob = cls ? forecastColumn(r.target, r.classes) : null
  const chart = lineChart({
    ariaLabel: 'forecast against actual', width: FULL, height: 340,
    series: [
      { name: 'actual', color: '#111827', points: rows.map((f, i) => [xOf(f, i), f.actual]), width: 1.6 },
      { name: prob ? `predicted ${prob}` : 'forecast', color: '#2563eb', points: rows.map((f, i) => [xOf(f, i), f.forecast]), width: 2 }
    ],
    band: r.intervalLevel === null ? undefined : { name: `${Math.round(r.intervalLevel * 100)} % interval${domainNote(r.range?.domain, rows.map((f) => f.lower)) ? ' (≥ 0)' : ''}`, color: '#3b82f6', points: rows.map((f, i) => [xOf(f, i), f.lower, f.upper]) },
    x,
    y: cls ? { label: `${prob}; actual: 1 yes, 0 no`, domain: [0, 1] } : { label: withUnit(r.target, r.unit) }
  })
  const note = steps.size > 1 ? `Showing the ${Math.min(...steps)}-step-ahead forecasts of ${steps.size} horizon steps.` : ''
  const clipped = domainNote(r.range?.domain, r.forecast.map((f) => f.lower))
  const none = noIntervalWords(r, !!r.series)
  const cov = none ? ` ${esc(none)}.` : r.intervalCoverage === null ? '' : ` Interval coverage on the test split${r.series ? `, every series' test points pooled` : ''}: <b>${pct(r.intervalCoverage)}</b> (target ${pct(r.intervalLevel)})${clipped ? `; bounds ${esc(clipped)}` : ''}.`
  const which = r.series ? ` Series ${esc(r.series.shown)}, ${esc(r.series.shownWhy || `the first of ${r.series.rows.length}`)} (the forecast CSV and XLSX hold them all).` : ''
  const what = !cls ? 'Test-split forecasts in original units.' : `Test-split predicted probability ${esc(prob!)} against the actual class (1 when it holds, 0 when not); ${esc(classThresholdWords(2))}.`
  return section('forecast', cls ? 'Predicted probability against actual' : 'Forecast against actual', `${what}${which}${cov} ${note}`, chart)
}

/** More than two classes: a class's index is no quantity to draw, so the chart draws two
 *  probabilities per test row: the one the model gave the class that happened, and its likeliest
 *  class's (the forecast). Where they meet the forecast was right; where the second is above, it
 *  named another class. */
function manyClassesSection(r: ReportInput, rows: ReportInput['forecast'], xOf: (f: ReportInput['forecast'][number], i: number) => number, x: { kind: 'time' | 'number'; label: string }, K: number, steps: Set<number>): string {
  const ofActual = (f: ReportInput['forecast'][number]) => (f.probs && f.actual !== null ? f.probs[f.actual] ?? null : null)
  const ofLikeliest = (f: ReportInput['forecast'][number]) => (f.probs ? Math.max(...f.probs) : null)
  const chart = lineChart({
    ariaLabel: 'probability of the actual class and of the likeliest class', width: FULL, height: 340,
    series: [
      { name: 'P(the actual class)', color: '#111827', points: rows.map((f, i) => [xOf(f, i), ofActual(f)]), width: 1.6 },
      { name: 'P(the likeliest class, the forecast)', color: '#2563eb', points: rows.map((f, i) => [xOf(f, i), ofLikeliest(f)]), width: 2 }
    ],
    x,
    y: { label: `probability (${K} classes of ${r.target})`, domain: [0, 1] }
  })
  const note = steps.size > 1 ? ` Showing the ${Math.min(...steps)}-step-ahead forecasts of ${steps.size} horizon steps.` : ''
  // a global run keeps no probabilities: those of the series shown are rebuilt from its model file
  const files = rows.some((f) => f.probsRebuilt)
    ? ` Series ${esc(r.series?.shown ?? '')}, ${esc(r.series?.shownWhy || `the first of ${r.series?.rows.length ?? 0}`)}: a global run keeps each test row's likeliest class, not each class's probability, so these are rebuilt from the run's model file (its stored weights), whose likeliest class is the stored forecast at every test row. The forecast CSV and XLSX name each row's likeliest class; the confusion matrix below pools every series' test rows.`
    : " The forecast CSV and XLSX name each row's classes and hold every class's probability."
  const lead = `Test split, ${K} classes (${esc(r.classes!.names.join(', '))}): the probability the model gave the class that happened, and that of its likeliest class, which is the forecast. Where the two lines meet the forecast was right; where the likeliest is above, it named another class.${files}${note}`
  return section('forecast', 'Predicted probability of the actual class', lead, chart)
}

/** Why the network forecasts what it does (issue 16): importance bars and the lag × input heatmap
 *  on the validation windows, one forecast's attributions, and the effective memory. */
function explainSection(r: ReportInput): string {
  const e = r.explanation
  if (!e) return section('explain', 'Why the network forecasts this', r.task === 'classification' ? 'Explanations are made for regression runs only.' : 'No explanation was computed for this report.', '')
  // past the end, written as the forecast files write it
  const when = e.at.time !== null ? dataTime(r, [e.at.time])(e.at.time) : `row ${e.at.row}`
  const lead = `Integrated gradients (${e.method.steps} ${e.method.quadrature === 'gauss-legendre' ? 'Gauss–Legendre' : esc(e.method.quadrature)} nodes) from a baseline of ${esc(e.baseline.words)}, in ${esc(e.target)}’s units: each cell says how much that input at that lag moved the forecast away from the baseline’s. They add up to the forecast minus the baseline’s forecast.`
  const parts: string[] = []
  const g = e.global
  if (g) {
    const bars = e.inputNames.map((n, d) => ({ label: n, value: g.perInput[d]! })).sort((a, b) => b.value - a.value)
    const perm = e.permutation
    const permBars = perm ? [...perm.items].map((x) => ({ label: x.name, value: x.increase })) : []
    const memory = `<p><b>Effective memory:</b> the latest ${g.effectiveMemory} of ${e.lookback} rows of the window hold ${Math.round(g.share * 100)} % of the attribution mass (look-back ${e.lookback}).${g.effectiveMemory < e.lookback / 2 ? ' A longer window is unlikely to help.' : g.effectiveMemory >= e.lookback ? ' The network uses the whole window; a longer one may help.' : ''} Compare the gradient flow above.</p>`
    parts.push(`<div class="grid2"><div><h3>Importance per input (mean |attribution|, ${g.windows} validation windows)</h3>${barChart(bars, { ariaLabel: 'importance per input' })}</div><div><h3>Permutation importance (MAE increase${perm?.by === 'lag' ? ', per lag: the model’s only input is the target’s own history' : ', per input'})</h3>${perm ? barChart(permBars, { ariaLabel: 'permutation importance', color: '#7c3aed' }) : ''}</div></div>`)
    parts.push(`<h3>Mean |attribution| by lag and input</h3>${heatmap(g.meanAbs, e.inputNames, e.lags, { ariaLabel: 'importance heatmap', unit: e.target })}${memory}`)
  }
  parts.push(`<h3>The forecast for ${esc(when)}: ${esc(formatNumber(e.at.forecast, 4))} (baseline ${esc(formatNumber(e.at.fromBaseline, 4))}, completeness gap ${esc(e.at.gap.toExponential(1))})</h3>${heatmap(e.at.attributions, e.inputNames, e.lags, { ariaLabel: 'attributions of one forecast', signed: true, unit: e.target })}<p class="lead">Blue raised the forecast, red lowered it.</p>`)
  const c = completeness(e.at)
  if (!c.adds) parts.push(`<p class="lead" role="status">The cells add up to ${esc(formatNumber(c.sum, 4))}, not to the move ${esc(formatNumber(c.move, 4))}: they miss ${esc(formatNumber(c.missed, 4))} of it${Number.isFinite(c.share) ? ` (${esc(formatNumber(c.share * 100, 2))} %)` : ''}, more than the tolerance ${esc(formatNumber(c.tolerance, 2))}. Along the path from the baseline the network's forecast jumps faster than its gradients resolve, and that part of the move is in no cell.</p>`)
  if (e.notes.length) parts.push(`<ul>${e.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`)
  return section('explain', 'Why the network forecasts this', lead, parts.join(''))
}

function classificationSection(r: ReportInput): string {
  const c = r.classification!
  const roc = c.roc === null ? `<p class="lead" id="no-roc">An ROC curve is drawn for two classes.${r.series ? '' : ` With ${c.labels.length}, the AUC in the metrics table is the mean of each class's AUC against the rest.`}</p>` : lineChart({
    ariaLabel: 'ROC curve', width: HALF, height: 400, diagonal: true,
    series: [{ name: `model (AUC ${formatNumber(c.roc.auc)})`, color: '#2563eb', points: c.roc.fpr.map((x, i) => [x, c.roc!.tpr[i]]), width: 2.2 }],
    x: { kind: 'number', label: 'false positive rate', domain: [0, 1] }, y: { label: 'true positive rate', domain: [0, 1] }
  })
  const pooled = r.series ? ` Every series' test rows pooled (${r.series.rows.length} series); each series' own scores are in the series table.` : ''
  return section('classification', 'Classification', `Test split.${pooled} Cells are shaded by their share of the actual class. Accuracy, F1, precision, recall and this matrix: ${esc(classThresholdWords(c.labels.length))}.`,
    `<div class="grid2"><div><h3>Confusion matrix</h3>${confusionMatrix(c.labels, c.confusion)}</div><div><h3>ROC curve</h3>${roc}</div></div>${r.threshold ? thresholdPart(r.threshold) : ''}`)
}

/** A two-class run's threshold chosen on validation: where, on what (or why none), and the test
 *  rows at it beside 0.5. */
function thresholdPart(t: ThresholdSummary): string {
  const table = thresholdTable(t)
  const body = table ? `<table class="scores" id="threshold-table"><thead><tr>${table.header.map((h, i) => `<th${i ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${table.rows.map(([name, ...v]) => `<tr><td>${esc(name)}</td>${v.map((x) => `<td class="num">${esc(formatNumber(x, 4))}</td>`).join('')}</tr>`).join('')}</tbody></table>` : ''
  return `<h3>Threshold</h3><p class="lead" id="threshold-words">${esc(thresholdWords(t, (v) => formatNumber(v, 4)))}</p>${body}`
}

/** The whole page as one string; write it to a .html file as is. */
export function renderReport(r: ReportInput): string {
  // a global classification's yardstick: the baseline it picked on validation, as its stored skill's
  const c = r.series?.summary.classification ?? null
  const table = metricsTable(r.metrics, r.baselineNames, targetScale(r.range), c ? { yardstick: c.bestBaseline } : r.series ? null : { task: r.task, choice: r.choice })
  const cell = (r.config as { model?: { cell?: string; numLayers?: number; hiddenSize?: number } } | null)?.model
  const sub = [`target <b>${esc(r.target)}</b>${r.unit ? ` (${esc(r.unit)})` : ''}`, r.task, cell?.cell ? `${esc(cell.cell.toUpperCase())} ${cell.numLayers ?? ''}×${cell.hiddenSize ?? ''}` : '', `created ${esc(isoDate(r.createdAt))}`].filter(Boolean)
  const body = [
    verdictSection(r), noticesSection(r), dataSection(r), r.data.splits.length ? splitSection(r) : '', configSection(r), lossSection(r), gradientSection(r), metricsSection(r, table), r.series ? seriesSection(r) : '', forecastSection(r), explainSection(r),
    r.task === 'classification' && r.classification !== null ? classificationSection(r) : ''
  ]
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Forecast Workbench ${esc(r.appVersion)}">
<title>${esc(r.title)} · run report</title><style>${REPORT_CSS}</style></head>
<body><header class="top"><div class="wrap"><div class="eyebrow">Forecast Workbench · run report</div><h1>${esc(r.title)}</h1><div class="sub">${sub.map((s) => `<span>${s}</span>`).join('')}</div></div></header>
${kpis(r, table)}
<main class="wrap">${body.join('\n')}</main>
<footer class="wrap">Generated by Forecast Workbench ${esc(r.appVersion)}. This file is self-contained: no scripts, no fonts or images from elsewhere; it opens offline in any browser.</footer>
</body></html>
`
}
