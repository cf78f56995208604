import { isSqliteCode, notFound } from './errors'
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
        for (const p of params) {
          try {
            insert.run(...p)
          } catch (e) {
            if (isSqliteCode(e, 'SQLITE_CONSTRAINT_FOREIGNKEY')) throw notFound(`run ${runId}`)
            throw e
          }
        }
      })
    },

    list(runId: number): ForecastRow[] {
      return read(ctx, () => select.all(runId))
    }
  }
}

export type ForecastsTable = ReturnType<typeof forecastsTable>
