// windowShortfall (Setup's blocker beside Start) says what the run would say, from row counts
// alone: the pipeline's refusal word for word where a split has no window, and nothing where the
// run shrinks a short series' validation and test rows to fit one (prepareShrinking).
import { describe, expect, it } from 'vitest'
import { importCsv } from './import'
import { defaultConfig } from './config'
import { prepareShrinking, rowsToSplit, windowShortfall } from './pipeline'
import { computeSplits, windowCountIn } from './windows'

async function daily(n: number) {
  const lines = Array.from({ length: n }, (_, i) => `${new Date(Date.UTC(2022, 0, 1 + i)).toISOString().slice(0, 10)},${100 + (i % 7) * 3 + (i % 2)}`)
  return importCsv('date,sales\n' + lines.join('\n') + '\n', { fileName: 'short.csv' })
}

describe('windowShortfall', () => {
  it("is the run's own refusal where a split has no window", async () => {
    const ds = await daily(6)
    const cfg = defaultConfig(ds, 'sales', { window: { lookback: 14, horizon: 1, stride: 1, mode: 'final' } })
    const e = windowShortfall(ds, cfg)
    expect(e?.message).toContain('need at least 22 rows, have 6: the training split (rows 1-4) has no window with look-back 14 and horizon 1')
    expect(() => prepareShrinking(ds, cfg)).toThrow(e!.message)
    // the look-back fw train takes for 6 rows trains, and is not refused
    const two = { ...cfg, window: { ...cfg.window, lookback: 2 } }
    expect(windowShortfall(ds, two)).toBeNull()
    expect(() => prepareShrinking(ds, two)).not.toThrow()
  })

  it('is null where the run shrinks a short split to hold a window', async () => {
    const ds = await daily(60)
    const cfg = defaultConfig(ds, 'sales', { window: { lookback: 14, horizon: 10, stride: 1, mode: 'final', targets: 'all' } })
    // by the fractions, validation (9 rows) holds no window of 10 targets
    expect(windowCountIn(60, computeSplits(60, cfg, null).val, cfg.window)).toBe(0)
    expect(windowShortfall(ds, cfg)).toBeNull()
    expect(prepareShrinking(ds, cfg).notices.map((n) => n.message).join('\n')).toMatch(/^short series \(60 rows\)/m)
  })
})

/** n daily rows of "sales", blank where `blank(i)` holds, or absent where `absent(i)` does. */
async function dailyWith(n: number, blank: (i: number) => boolean, absent: (i: number) => boolean = () => false) {
  const lines = Array.from({ length: n }, (_, i) => (absent(i) ? null : `${new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10)},${blank(i) ? '' : 100 + (i % 7) * 3 + (i % 2)}`))
  return importCsv('date,sales\n' + lines.filter((l) => l !== null).join('\n') + '\n', { fileName: 'blanks.csv' })
}

describe('windowShortfall with target values missing', () => {
  it("refuses, in the run's words, a validation split whose windows all have a missing target", async () => {
    // every other value blank from row 71 on: no two known targets in a row for a direct horizon of 2,
    // in the validation rows as set or in the short-series split's
    const ds = await dailyWith(100, (i) => i >= 70 && i % 2 === 0)
    const cfg = defaultConfig(ds, 'sales', { features: [], window: { lookback: 7, horizon: 2, stride: 1, mode: 'final', targets: 'all' } })
    expect(windowCountIn(100, computeSplits(100, cfg, null).val, cfg.window)).toBeGreaterThan(0)
    const e = windowShortfall(ds, cfg)
    expect(e?.message).toContain('the validation split (rows 71-85) has no window with look-back 7 and horizon 2 whose targets are all known: "sales" is missing on 8 of its 15 rows')
    expect(() => prepareShrinking(ds, cfg)).toThrow(e!.message)
  })

  it('says the training rows hold no target value as the run says it', async () => {
    const ds = await dailyWith(30, (i) => i < 24)
    const cfg = defaultConfig(ds, 'sales', { features: [], window: { lookback: 3, horizon: 1, stride: 1, mode: 'final' } })
    const e = windowShortfall(ds, cfg)
    expect(e?.message).toContain('column "sales" has no values in the training rows')
    expect(() => prepareShrinking(ds, cfg)).toThrow(e!.message)
  })

  it('counts the periods the grid puts back as missing targets', async () => {
    // the last 16 days every other one absent: on a daily grid the test rows alternate with empty periods
    const ds = await dailyWith(100, () => false, (i) => i >= 84 && i % 2 === 1)
    const cfg = defaultConfig(ds, 'sales', { features: [], time: { column: 'date', duplicates: 'keep', resample: { freq: { unit: 'day', every: 1 }, agg: 'mean' } }, window: { lookback: 7, horizon: 2, stride: 1, mode: 'final', targets: 'all' } })
    const e = windowShortfall(ds, cfg)
    expect(e?.message).toContain('the test split (rows 85-99) has no window with look-back 7 and horizon 2 whose targets are all known: "sales" is missing on 7 of its 15 rows')
    expect(() => prepareShrinking(ds, cfg)).toThrow(e!.message)
  })

  it('is null where the short-series split moves the missing values into the training rows', async () => {
    const ds = await dailyWith(100, (i) => i >= 70 && i < 85)
    const cfg = defaultConfig(ds, 'sales', { features: [], window: { lookback: 7, horizon: 1, stride: 1, mode: 'final' } })
    expect(windowShortfall(ds, cfg)).toBeNull()
    expect(prepareShrinking(ds, cfg).notices.map((n) => n.message).join('\n')).toMatch(/^short series \(100 rows\)/m)
  })
})

describe('rowsToSplit', () => {
  it("counts the rows of a long file's series from the rows given as from the file", async () => {
    const lines = ['date,store,sales', ...Array.from({ length: 30 }, (_, i) => `${new Date(Date.UTC(2022, 0, 1 + (i % 15))).toISOString().slice(0, 10)},${i < 15 ? 'A' : 'B'},${10 + (i % 4)}`)]
    lines.splice(20, 1) // store B has 14 rows
    const ds = await importCsv(lines.join('\n') + '\n', { fileName: 'long.csv' })
    const cfg = defaultConfig(ds, 'sales', { time: { column: 'date', duplicates: 'mean', resample: null, series: { columns: ['store'], values: ['B'] } }, features: [] })
    const rows = Int32Array.from({ length: 14 }, (_, i) => 15 + i)
    expect(rowsToSplit(ds, cfg)?.N).toBe(14)
    expect(rowsToSplit(ds, cfg, rows)?.N).toBe(14)
    expect(rowsToSplit(ds, cfg, rows)?.time).toEqual(rowsToSplit(ds, cfg)?.time)
  })
})

/** n daily rows of "y" (numbers) and "kind" (categories), each written by `row(i)`. */
async function classed(n: number, row: (i: number) => [number, string]) {
  const lines = Array.from({ length: n }, (_, i) => `${new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10)},${row(i).join(',')}`)
  return importCsv('date,y,kind\n' + lines.join('\n') + '\n', { fileName: 'classes.csv' })
}
/** The run's refusal of `cfg` on `ds` (prepareShrinking), or null. */
function runRefusal(ds: Awaited<ReturnType<typeof classed>>, cfg: ReturnType<typeof defaultConfig>): string | null {
  try {
    prepareShrinking(ds, cfg)
    return null
  } catch (e) {
    return (e as Error).message
  }
}

describe('windowShortfall with a classification target', () => {
  const window = { lookback: 5, horizon: 1, stride: 1, mode: 'final' as const }
  it('names the times of a file written with an offset as it wrote them, not as UTC instants', async () => {
    // each day's row at 00:00+01:00 (23:00 UTC the day before): before, '2023-03-21 23:00' and '2023-03-10 23:00'
    const lines = Array.from({ length: 100 }, (_, i) => `${new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10)}T00:00:00+01:00,${i >= 80 ? 60 : 10 + (i % 5)},${i % 2 ? 'a' : 'b'}`)
    const ds = await importCsv('date,y,kind\n' + lines.join('\n') + '\n', { fileName: 'classes.csv' })
    const cfg = defaultConfig(ds, 'y', { features: [], window, task: { kind: 'classification', rule: 'y > 50' } })
    const e = windowShortfall(ds, cfg)
    expect(e?.message).toContain('(the first on 2023-03-22T00:00:00+01:00; the training rows end on 2023-03-11T00:00:00+01:00)')
    expect(runRefusal(ds, cfg)).toBe(e!.message)
  })
  it("refuses, in the run's words, a rule whose class the training rows never hold", async () => {
    // y > 50 only from row 81 on: every training row is false
    const ds = await classed(100, (i) => [i >= 80 ? 60 : 10 + (i % 5), i % 2 ? 'a' : 'b'])
    const cfg = defaultConfig(ds, 'y', { features: [], window, task: { kind: 'classification', rule: 'y > 50' } })
    const e = windowShortfall(ds, cfg)
    // no threshold helps, and the words say so (they said "change the threshold")
    expect(e?.message).toBe('split: the rule "y > 50" is false on every training row of classes.csv, and the 20 rows where it is true all come after them (the first on 2023-03-22; the training rows end on 2023-03-11), so no threshold helps: a classifier needs rows of both classes among the training rows; move the split later, or add such rows before it')
    expect(runRefusal(ds, cfg)).toBe(e!.message)
    // a rule true on no row at all: the threshold is what to change
    const never = { ...cfg, task: { kind: 'classification' as const, rule: 'y > 100' } }
    expect(windowShortfall(ds, never)?.message).toBe('task.rule: the rule "y > 100" is false on every training row of classes.csv: a classifier needs rows of both classes; change the threshold')
    // a threshold both classes of the training rows meet is not refused
    const ok = { ...cfg, task: { kind: 'classification' as const, rule: 'y > 12' } }
    expect(windowShortfall(ds, ok)).toBeNull()
    expect(runRefusal(ds, ok)).toBeNull()
  })

  it('refuses a column of categories whose training rows hold one class', async () => {
    const ds = await classed(100, (i) => [i, i < 80 ? 'calm' : i % 2 ? 'storm' : 'calm'])
    const cfg = defaultConfig(ds, 'kind', { features: [], window })
    expect(cfg.task).toEqual({ kind: 'classification', rule: null })
    const e = windowShortfall(ds, cfg)
    expect(e?.message).toBe('split: "kind" is "calm" on every training row of classes.csv, and the 10 rows of "storm" all come after them (the first on 2023-03-23; the training rows end on 2023-03-11): a classifier needs rows of at least two classes among the training rows; move the split later, or add such rows before it')
    expect(runRefusal(ds, cfg)).toBe(e!.message)
    // one class on every row: the target's words, not the split's nor a rule's (named task.rule before, with no rule given)
    const calm = await classed(100, (i) => [i, 'calm'])
    expect(windowShortfall(calm, defaultConfig(calm, 'kind', { features: [], window }))?.message).toBe('target: "kind" is "calm" on every training row of classes.csv: a classifier needs rows of at least two classes')
  })

  it('says nothing of classes where the run reads none from the target (numbers without a rule, dates): the run refuses in its own words', async () => {
    // (Setup said '"y" is "true" on every training row', '"when" is undefined on every training row')
    const lines = Array.from({ length: 100 }, (_, i) => `${new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10)},${100 + i},2020-01-${String(1 + (i % 28)).padStart(2, '0')}`)
    const ds = await importCsv('date,y,when\n' + lines.join('\n') + '\n', { fileName: 'classes.csv', timeColumn: 'date' })
    for (const [target, rule] of [['y', null], ['when', null], ['when', 'when > 5']] as const) {
      const cfg = defaultConfig(ds, target, { features: [], window, task: { kind: 'classification', rule } })
      expect(windowShortfall(ds, cfg)).toBeNull()
      expect(runRefusal(ds, cfg)).not.toMatch(/on every training row/)
    }
  })

  it('counts a class the training rows never hold as a missing target, as the run does', async () => {
    // a and b in training; from row 86 on (the test rows, as set or as the run shrinks them) every
    // other row is "c", which no training row holds: no two known targets in a row for a direct
    // horizon of 2
    const ds = await classed(100, (i) => [i, i >= 85 && i % 2 === 0 ? 'c' : i % 3 ? 'a' : 'b'])
    const cfg = defaultConfig(ds, 'kind', { features: [], window: { lookback: 7, horizon: 2, stride: 1, mode: 'final', targets: 'all' } })
    const e = windowShortfall(ds, cfg)
    expect(e?.message).toContain('the test split (rows 86-100) has no window with look-back 7 and horizon 2 whose targets are all known: "kind" is a class the training rows never hold on 7 of its 15 rows, and no window is trained on or scored against such a value')
    expect(runRefusal(ds, cfg)).toBe(e!.message)
  })
})
