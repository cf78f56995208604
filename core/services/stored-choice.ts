// A run's stored choice (runs.choice_json) read back for display: the one reader for main (the
// app's views, through getRun and listRuns) and the CLI (fw runs, show and compare), so both name
// the same forecaster for the same row. Checked field by field on the way out: a damaged or foreign
// row reads as "no choice" instead of breaking a view. (The rebuild of a run reads its stored
// season loosely, run-export.ts storedChoiceFields: a partial row still pins what it can.)
import { CALENDAR_FEATURES, type CalendarFeature } from '../data/calendar'
import type { ErrorNoiseMetric } from '../data/metrics'
import type { ChoiceSummary } from '../export/verdict'

/** The longest name and text, and the most members and validation scores, a stored choice may
 *  hold (the IPC contract's LIMITS.name and LIMITS.text, checked equal by its tests). */
export const CHOICE_LIMITS = { name: 200, text: 4096, members: 16, validation: 32 } as const

const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max
const number = (v: unknown): v is number => typeof v === 'number' && v === v
const share = (v: unknown): v is number => number(v) && v >= 0 && v <= 1
const count = (v: unknown): v is number => number(v) && Number.isInteger(v) && v >= 0
const record = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function list<T>(v: unknown, max: number, item: (x: Record<string, unknown>) => T | null): T[] | null {
  if (!Array.isArray(v) || v.length > max) return null
  const out: T[] = []
  for (const x of v) {
    const t = record(x) ? item(x) : null
    if (t === null) return null
    out.push(t)
  }
  return out
}

/** The stored choice JSON as a ChoiceSummary (unknown keys dropped), or null when it is absent,
 *  not JSON, or any field is missing or out of range. */
export function parseStoredChoice(json: string | null | undefined): ChoiceSummary | null {
  if (!json) return null
  let c: unknown
  try {
    c = JSON.parse(json)
  } catch {
    return null
  }
  if (!record(c)) return null
  const { name, text: long } = CHOICE_LIMITS
  const members = list(c['members'], CHOICE_LIMITS.members, (m) =>
    text(m['name'], name) && text(m['label'], long) && share(m['weight']) ? { name: m['name'], label: m['label'], weight: m['weight'] } : null)
  const validation = list(c['validation'], CHOICE_LIMITS.validation, (s) =>
    text(s['name'], name) && text(s['label'], long) && number(s['mae']) ? { name: s['name'], label: s['label'], mae: s['mae'] } : null)
  const { chosen, label, network, season, steps, message } = c
  if (!text(chosen, name) || chosen.length === 0 || !text(label, long) || !share(network) || !count(season) || !count(steps) || !text(message, long)) return null
  if (members === null || validation === null) return null
  // the network alone's far better validation score (absent in runs stored before): a malformed one is
  // dropped, not the whole choice
  const a = c['networkAlone']
  const alone = record(a) && number(a['network']) && number(a['forecast']) ? { networkAlone: { network: a['network'], forecast: a['forecast'] } } : {}
  // the calendar the run resolved (absent in runs stored before): a malformed one is dropped too,
  // and the sentence then names the calendar as the config does
  const cal = c['calendar']
  const calendar = Array.isArray(cal) && cal.length <= CALENDAR_FEATURES.length && cal.every((f) => CALENDAR_FEATURES.includes(f as CalendarFeature)) ? { calendar: [...(cal as string[])] } : {}
  // the test errors' noise against the skill's baseline (absent in runs stored before): a malformed
  // one is dropped, and the verdict keeps today's rule, as for those runs
  const n = c['testNoise']
  const metric: ErrorNoiseMetric | null = record(n) ? (n['metric'] === 'rmse' ? 'rmse' : n['metric'] === 'mae' ? 'mae' : null) : null
  const noise = record(n) && text(n['baseline'], name) && number(n['mean']) && Number.isFinite(n['mean']) && number(n['se']) && Number.isFinite(n['se']) && n['se'] >= 0 && count(n['rows']) && count(n['lag']) && metric
    ? { testNoise: { baseline: n['baseline'], mean: n['mean'], se: n['se'], rows: n['rows'], metric, lag: n['lag'] } } : {}
  // the steps scored (absent in runs stored before): a malformed record is dropped, and the words
  // then say steps 1..steps, as for those runs
  const sc = c['scored']
  const scored = record(sc) && count(sc['steps']) && count(sc['rows']) && count(sc['reach']) ? { scored: { steps: sc['steps'], rows: sc['rows'], reach: sc['reach'] } } : {}
  return { chosen, label, network, members, season, steps, ...scored, validation, message, ...alone, ...calendar, ...noise }
}
