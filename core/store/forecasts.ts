import { rowOfRun } from './errors'
import { read, write, type Ctx } from './context'
import { finite, finiteOrNull, integer } from './validate'

export interface ForecastRow {
  /** Target time in ms since the epoch, or the row index when the data has no time column. */
  ts: number
  /** Horizon step: 1 = one step ahead of the forecast origin. */
  step: number
  value: number
  lower: number | null
  upper: number | null
  /** The observed value, once known; null for true out-of-sample forecasts. */
  actual: number | null
}

export function forecastsTable(ctx: Ctx) {
  const insert = ctx.db.prepare('INSERT INTO forecasts (run_id, ts, step, value, lower, upper, actual) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const clear = ctx.db.prepare('DELETE FROM forecasts WHERE run_id = ?')
  const select = ctx.db.prepare<[number], ForecastRow>(
    'SELECT ts, step, value, lower, upper, actual FROM forecasts WHERE run_id = ? ORDER BY ts, step'
  )

  // each actual's rows at the first step with an actual: a classification run's classes, counted
  // in the database so that the Runs list need not read every forecast row (fewestOfTally)
  const tally = ctx.db.prepare<[number, number], { actual: number; n: number }>(
    'SELECT actual, COUNT(*) AS n FROM forecasts WHERE run_id = ? AND actual IS NOT NULL AND step = (SELECT MIN(step) FROM forecasts WHERE run_id = ? AND actual IS NOT NULL) GROUP BY actual'
  )

  return {
    /** Replaces the run's forecast with these rows, in one transaction. */
    replace(runId: number, rows: readonly ForecastRow[]): void {
      const params = rows.map((r, i) => {
        const f = `forecasts[${i}]`
        return [
          runId,
          integer(`${f}.ts`, r.ts),
          integer(`${f}.step`, r.step, 1),
          finite(`${f}.value`, r.value),
          finiteOrNull(`${f}.lower`, r.lower),
          finiteOrNull(`${f}.upper`, r.upper),
          finiteOrNull(`${f}.actual`, r.actual)
        ]
      })
      write(ctx, 'forecast', 'NORMAL', () => {
        clear.run(runId)
        for (const p of params) rowOfRun(runId, () => insert.run(...p))
      })
    },

    list(runId: number): ForecastRow[] {
      return read(ctx, () => select.all(runId))
    },

    /** [actual, rows] for each actual at the first step that has one (one per forecast origin):
     *  a classification run's test rows per class, for core/export/verdict.ts fewestOfTally. */
    classTally(runId: number): [number, number][] {
      return read(ctx, () => tally.all(runId, runId).map((r) => [r.actual, r.n] as [number, number]))
    }
  }
}

export type ForecastsTable = ReturnType<typeof forecastsTable>
