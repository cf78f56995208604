// How a training in the queue is told from its neighbours: two starts of one cell and epoch count
// read alike ("Queued LSTM run · 300 epochs"), so each says its place in the queue and the settings
// in which it differs from the training before it (the first, from the defaults). Pure.
import type { TrainingItem } from '../../../electron/contract'
import type { TrainConfig } from '../../../core/train/types'
import { defaultConfig } from '../../../core/train/config'
import { CUTS_WORDS, SHORT_WORDS, wordsFor } from './field-words'

/** Said in the item's own words (its target, its epochs), or not a setting (where the time is). */
const SAID_APART = new Set(['data.target', 'data.time', 'training.epochs'])
/** At most this many differences are named; the rest are counted. */
const MOST = 4

/** Each setting (a field of Setup: `section.key`) of `c`, as its value. */
function settings(c: TrainConfig): Map<string, unknown> {
  const out = new Map<string, unknown>()
  for (const section of ['data', 'model', 'training', 'interval'] as const) {
    for (const [k, v] of Object.entries((c as unknown as Record<string, Record<string, unknown> | undefined>)[section] ?? {})) out.set(`${section}.${k}`, v)
  }
  return out
}

/** data.series in Setup's words: the whole file, one series of it, or one model across all. */
function seriesWords(s: TrainConfig['data']['series']): string {
  if (!s) return 'the whole file as one series'
  if (s.values) return `one series: ${s.columns.map((c, i) => `${c} = ${s.values![i]}`).join(', ')}`
  const g = s.global
  const how = g ? [`cuts ${CUTS_WORDS[g.cuts ?? 'auto']}`, `a series the cuts leave without a window: ${SHORT_WORDS[g.short]}`, ...(g.oneHot ? ['series id as an input'] : [])] : []
  return `one model across all series of ${s.columns.join(', ')} (global${how.length ? `; ${how.join('; ')}` : ''})`
}

/** A setting's value in words; `key` picks the words of a setting that has its own. */
function valueWords(v: unknown, key = ''): string {
  if (key === 'data.series') return seriesWords(v as TrainConfig['data']['series'])
  if (v === undefined || v === null) return 'none'
  if (Array.isArray(v)) return v.length ? v.map((x) => valueWords(x)).join(', ') : 'none'
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k} ${valueWords(x)}`).join(', ')
  return String(v)
}

/** The settings in which `item` differs from `before` (null: from the defaults), in words:
 *  "Learning rate 0.02 (0.01 before)". Empty: none differs. */
export function settingsApart(item: Pick<TrainingItem, 'config'>, before: Pick<TrainingItem, 'config'> | null): string[] {
  const base = settings(before?.config ?? defaultConfig(item.config.data.target))
  const mine = settings(item.config)
  const words: string[] = []
  for (const key of new Set([...mine.keys(), ...base.keys()])) {
    if (SAID_APART.has(key) || JSON.stringify(mine.get(key)) === JSON.stringify(base.get(key))) continue
    words.push(`${wordsFor(key)}: ${valueWords(mine.get(key), key)} (${before ? `${valueWords(base.get(key), key)} before` : `default ${valueWords(base.get(key), key)}`})`)
  }
  return words.length > MOST ? [...words.slice(0, MOST), `${words.length - MOST} more`] : words
}

/** `item`'s place among the queued trainings of `all` (1: next to start), or null: not queued. */
export function queuePlace(item: TrainingItem, all: readonly TrainingItem[]): number | null {
  if (item.state !== 'queued') return null
  const i = all.filter((t) => t.state === 'queued').findIndex((t) => t.startId === item.startId && t.runId === item.runId)
  return i < 0 ? null : i + 1
}
