// A stored run is rebuilt (exports, fw predict, fw explain) with the season it was trained with,
// even when today's 'auto' resolves the same time column to another one: a business-day column
// resolved to 7 before weekdays were recognised (09890e6) and to 5 since.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from '../cli/index'
import { openStore } from '../store'
import { forecastExportOf, rebuildStoredRun, withStoredSeason } from './run-export'

const root = new URL('../..', import.meta.url).pathname
const db = join(mkdtempSync(join(tmpdir(), 'fw-rebuild-season-')), 'runs.db')
const silent = { write: () => {}, isTTY: false }

describe('rebuilding a stored run keeps its season', () => {
  beforeAll(async () => {
    // gold: business days (no Saturday or Sunday row), so 'auto' resolves to a week of 5 rows
    const code = await main(['train', '--csv', join(root, 'bench/quality/series/gold.csv'), '--target', 'value', '--epochs', '2', '--seed', '1', '--db', db], silent, silent)
    expect(code).toBe(0)
  }, 120_000)

  it("a run of today rebuilds to its stored choice, season 5", () => {
    const store = openStore(db)
    try {
      const stored = JSON.parse(store.runs.get(1).choiceJson!) as { season: number; chosen: string }
      expect(stored.season).toBe(5)
      const r = rebuildStoredRun(store, 1)
      expect(r.rebuilt.evaluation.choice!.season).toBe(5)
      expect(r.rebuilt.evaluation.choice!.chosen).toBe(stored.chosen)
    } finally {
      store.close()
    }
  })

  it('a run whose choice says 7 (as runs stored before 09890e6 do) rebuilds with 7; its config still reads auto', () => {
    const store = openStore(db)
    try {
      const choice = JSON.parse(store.runs.get(1).choiceJson!) as { season: number }
      store.runs.setChoice(1, JSON.stringify({ ...choice, season: 7 }))
      const r = rebuildStoredRun(store, 1)
      const c = r.rebuilt.evaluation.choice!
      expect(c.season).toBe(7)
      // the seasonal statistical models are fitted with a period of 7 (seasonal naive is one of them)
      expect(c.validation.map((v) => v.label)).toContain('Seasonal naive (7)')
      expect(r.config.data.season).toBe('auto')
      const fx = forecastExportOf(store, r)
      expect((fx.config as { data: { season: unknown } }).data.season).toBe('auto')
    } finally {
      store.close()
    }
  }, 60_000)
})

describe('withStoredSeason', () => {
  const raw = { data: { target: 'y', season: 'auto' } }
  it("pins 'auto' (or no season) to the stored choice's season", () => {
    expect(withStoredSeason(raw, JSON.stringify({ season: 7 }))).toEqual({ data: { target: 'y', season: 7 } })
    expect(withStoredSeason({ data: { target: 'y' } }, JSON.stringify({ season: 1 }))).toEqual({ data: { target: 'y', season: 1 } })
  })
  it('leaves a season the user gave, a run with no choice, and a choice without a usable season alone', () => {
    const given = { data: { target: 'y', season: 12 } }
    expect(withStoredSeason(given, JSON.stringify({ season: 7 }))).toBe(given)
    expect(withStoredSeason(raw, null)).toBe(raw)
    for (const bad of ['not json', 'null', '{}', '{"season":0}', '{"season":2.5}', '{"season":"7"}']) expect(withStoredSeason(raw, bad)).toBe(raw)
  })
})
