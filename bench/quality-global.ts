// The quality benchmark's multi-series part (issue 13's target: on public multi-series data the
// global model beats the better naive on most series): the files of bench/quality/multi.json
// (written by export-series.R: R's multi-series datasets as wide files, and one long file per
// calendar frequency), cut by each series' last h for training, and the global run's forecast CSV
// split back into series. Pure: text in, text or numbers out (test/quality-global.test.ts).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beatsBetterNaive, geomean, mean } from './quality-metrics'
import { qualityDir, type Series } from './quality-data'

export interface MultiGroup {
  name: string
  layout: 'wide' | 'long'
  file: string // relative to bench/quality/
  idColumn: string | null // long: the series id column; wide: null (the columns are the series)
  members: { id: string; series: string }[] // id: the wide column or the long id value; series: its name in series.json
  origin: string
  notes: string
}

/** bench/quality/multi.json: every group with a layout, a file and at least two members with distinct ids. */
export function loadMultiManifest(repoRoot: string): MultiGroup[] {
  const file = resolve(qualityDir(repoRoot), 'multi.json')
  const groups = (JSON.parse(readFileSync(file, 'utf8')) as { groups: MultiGroup[] }).groups
  for (const g of groups) {
    if (g.layout !== 'wide' && g.layout !== 'long') throw new Error(`${file}: group ${g.name} has layout '${String(g.layout)}', expected wide or long`)
    if (g.layout === 'long' && !g.idColumn) throw new Error(`${file}: long group ${g.name} names no idColumn`)
    if (!Array.isArray(g.members) || g.members.length < 2) throw new Error(`${file}: group ${g.name} needs at least two members`)
    if (new Set(g.members.map((m) => m.id)).size !== g.members.length) throw new Error(`${file}: group ${g.name} repeats a member id`)
  }
  return groups
}

export interface GroupData {
  group: MultiGroup
  header: string[]
  rows: string[][] // the data lines' cells, in file order
  members: Map<string, { time: string[]; value: Float64Array; rows: number[] }> // by member id; rows: indices into `rows`
}

/** A group's CSV (plain cells, no quoting: export-series.R writes it so). Wide: a time column and
 *  one column per member; long: id, time, value. Errors name the file, line and column. */
export function parseGroupCsv(text: string, group: MultiGroup, file = group.file): GroupData {
  const lines = text.trim().split(/\r?\n/)
  const header = lines[0]!.split(',')
  const rows = lines.slice(1).map((l) => l.split(','))
  rows.forEach((r, i) => {
    if (r.length !== header.length) throw new Error(`${file}: line ${i + 2} has ${r.length} cells, the header ${header.length}`)
  })
  const col = (name: string) => {
    const k = header.indexOf(name)
    if (k < 0) throw new Error(`${file}: no column '${name}' in '${lines[0]}'`)
    return k
  }
  const num = (r: number, k: number) => {
    const v = Number(rows[r]![k])
    if (rows[r]![k] === '' || !Number.isFinite(v)) throw new Error(`${file}: line ${r + 2}, column ${header[k]}: '${rows[r]![k]}' is not a number`)
    return v
  }
  const members: GroupData['members'] = new Map()
  const t = col('time')
  if (group.layout === 'wide') {
    const all = rows.map((_, i) => i)
    for (const m of group.members) {
      const k = col(m.id)
      members.set(m.id, { time: rows.map((r) => r[t]!), value: Float64Array.from(all, (r) => num(r, k)), rows: all })
    }
  } else {
    const idc = col(group.idColumn!)
    const v = col('value')
    const at = new Map<string, number[]>()
    rows.forEach((r, i) => {
      if (!at.has(r[idc]!)) at.set(r[idc]!, [])
      at.get(r[idc]!)!.push(i)
    })
    for (const m of group.members) {
      const idx = at.get(m.id)
      if (!idx) throw new Error(`${file}: no rows with ${group.idColumn} = ${m.id}`)
      members.set(m.id, { time: idx.map((i) => rows[i]![t]!), value: Float64Array.from(idx, (i) => num(i, v)), rows: idx })
    }
    const extra = [...at.keys()].filter((id) => !group.members.some((m) => m.id === id))
    if (extra.length) throw new Error(`${file}: ${group.idColumn} values not in multi.json's members: ${extra.slice(0, 5).join(', ')}`)
  }
  return { group, header, rows, members }
}

/** Each member's times and values are its series.json series' (so the held-out points the global
 *  run is scored on are the single-series contestants'); and the members share h and m. */
export function checkMembers(d: GroupData, byName: Map<string, Series>): void {
  const g = d.group
  const first = byName.get(g.members[0]!.series)
  for (const m of g.members) {
    const s = byName.get(m.series)
    if (!s) throw new Error(`multi.json: group ${g.name}'s member ${m.id} is series ${m.series}, which series.json lacks`)
    if (s.horizon !== first!.horizon || s.period !== first!.period) throw new Error(`multi.json: group ${g.name} mixes h/m: ${m.series} has h ${s.horizon}, m ${s.period}; ${first!.name} has h ${first!.horizon}, m ${first!.period}`)
    const x = d.members.get(m.id)!
    if (x.value.length !== s.n) throw new Error(`${g.file}: ${m.id} has ${x.value.length} rows, series ${m.series} has ${s.n}`)
    const bad = x.value.findIndex((v, i) => v !== s.value[i] || Date.parse(x.time[i]!) !== Date.parse(s.time[i]!))
    if (bad >= 0) throw new Error(`${g.file}: ${m.id} at line ${x.rows[bad]! + 2} (${x.time[bad]}, ${x.value[bad]}) differs from series ${m.series} (${s.time[bad]}, ${s.value[bad]})`)
  }
}

/** The group's file less each series' last h rows, in its own layout (`train`, for fw train), and
 *  the same rows long (`long`: id,time,value, for fw forecast, which reads a global model's series
 *  from a long file). */
export function cutGroup(d: GroupData, h: number): { train: string; long: string } {
  const keep = new Set<number>()
  for (const m of d.members.values()) {
    if (m.rows.length <= h) throw new Error(`${d.group.file}: a series has ${m.rows.length} rows, not more than h = ${h}`)
    for (const i of m.rows.slice(0, m.rows.length - h)) keep.add(i)
  }
  const kept = d.rows.filter((_, i) => keep.has(i))
  const train = [d.header, ...kept].map((r) => r.join(',')).join('\n') + '\n'
  if (d.group.layout === 'long') return { train, long: train }
  const t = d.header.indexOf('time')
  const long = ['series,time,value']
  for (const m of d.group.members) {
    const k = d.header.indexOf(m.id)
    for (const r of kept) long.push(`${m.id},${r[t]},${r[k]}`)
  }
  return { train, long: long.join('\n') + '\n' }
}

export interface SeriesForecast { time: string[]; forecast: number[]; lower: number[]; upper: number[] }

/** A global model's `fw forecast` CSV (id column(s), then time or row, step, forecast, lower, upper,
 *  actual; core/services/forecast-csv) split into one forecast per id value, in file order. */
export function splitForecastCsv(text: string, idColumn: string, file = 'forecast CSV'): Map<string, SeriesForecast> {
  const [head, ...lines] = text.trim().split(/\r?\n/)
  const cols = head!.split(',')
  const at = (name: string) => {
    const k = cols.indexOf(name)
    if (k < 0) throw new Error(`${file}: no column '${name}' in '${head}'`)
    return k
  }
  const [id, t, f, lo, up] = [at(idColumn), at(cols.includes('time') ? 'time' : 'row'), at('forecast'), at('lower'), at('upper')]
  const out = new Map<string, SeriesForecast>()
  const n = (c: string | undefined) => (c === undefined || c === '' ? NaN : Number(c))
  for (const l of lines) {
    const c = l.split(',')
    if (!out.has(c[id]!)) out.set(c[id]!, { time: [], forecast: [], lower: [], upper: [] })
    const s = out.get(c[id]!)!
    s.time.push(c[t]!)
    s.forecast.push(n(c[f]))
    s.lower.push(n(c[lo]))
    s.upper.push(n(c[up]))
  }
  return out
}

/** One member series of a group: each contestant's MASE (NaN: no forecast). */
export interface GlobalRow {
  group: string
  id: string
  series: string
  mase: Record<string, number> // contestant -> MASE; has 'naive' and 'snaive'
}

export interface GlobalSummary {
  series: number
  beatBetterNaive: Record<string, number> // contestant -> series it beats the better naive on
  geomeanMase: Record<string, number> // over the series the contestant forecast
  geomeanMaseRelSnaive: Record<string, number>
  meanMase: Record<string, number>
  failed: Record<string, number> // series without a forecast
}

/** Per contestant: on how many series it beats the better naive, and its gm MASE, gm MASE/sn and mean MASE. */
export function summariseGlobal(rows: GlobalRow[], contestants: string[]): GlobalSummary {
  const per = <T>(f: (c: string) => T) => Object.fromEntries(contestants.map((c) => [c, f(c)])) as Record<string, T>
  return {
    series: rows.length,
    beatBetterNaive: per((c) => rows.filter((r) => beatsBetterNaive(r.mase[c]!, r.mase['naive']!, r.mase['snaive']!)).length),
    geomeanMase: per((c) => geomean(rows.map((r) => r.mase[c]!))),
    geomeanMaseRelSnaive: per((c) => geomean(rows.map((r) => r.mase[c]! / r.mase['snaive']!))),
    meanMase: per((c) => mean(rows.map((r) => r.mase[c]!))),
    failed: per((c) => rows.filter((r) => !Number.isFinite(r.mase[c]!)).length)
  }
}
