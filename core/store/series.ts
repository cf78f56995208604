import { invalid, notFound, rowOfRun } from './errors'
import { read, write, type Ctx } from './context'
import { finite, finiteOrNull, integer, jsonText, text, textOrNull } from './validate'
import type { ForecastRow } from './forecasts'

/** One series of a global run (migration 006): its id values, size and test scores. */
export interface SeriesRow {
  /** The series' place in the run (0-based, the order the run kept them in). */
  position: number
  /** Its values of the run's id column(s), e.g. ['s1'] for store = s1. */
  key: string[]
  label: string
  rows: number
  season: number
  /** How many test forecasts were scored. */
  n: number
  /** null where undefined for this series (never NaN): MASE of a constant series, no seasonal naive. */
  mae: number | null
  mase: number | null
  naiveMae: number | null
  naiveMase: number | null
  seasonalNaiveMae: number | null
  intervalHalfWidth: number | null
  coverage: number | null
  beatsNaive: boolean
  beatsBestNaive: boolean
  /** What forecasts this series (migration 007: 'network', 'ensemble', 'combination', 'naive', 'ets',
   *  ...), its label and the sentence why; null in rows stored before, when the network did. */
  forecastBy: string | null
  forecastLabel: string | null
  forecastNote: string | null
  /** The global network's own test scores of this series (mae and mase are the chosen forecast's);
   *  null in rows stored before, where mae and mase are the network's. */
  networkMae: number | null
  networkMase: number | null
  /** Its target's range facts as JSON (migration 018: a TargetRange, core/data/range.ts, read with
   *  parseTargetRange); null in rows stored before, or without history. Optional on input. */
  rangeJson?: string | null
  /** A global classification's test scores of this series (migration 021): the network's accuracy,
   *  Brier and log loss, its training rate's and persistence's Brier, its majority class's accuracy;
   *  null for a regression's series and in rows stored before. Optional on input. */
  accuracy?: number | null
  brier?: number | null
  logLoss?: number | null
  rateBrier?: number | null
  persistenceBrier?: number | null
  majorityAccuracy?: number | null
}

/** The class scores a global classification's series keeps (migration 021), in SeriesRow's names. */
export const SERIES_CLASS_SCORES = ['accuracy', 'brier', 'logLoss', 'rateBrier', 'persistenceBrier', 'majorityAccuracy'] as const

/** A series and its test forecast, as finishRun stores them. */
export interface SeriesInput extends SeriesRow {
  forecasts: readonly ForecastRow[]
}

type Raw = Omit<SeriesRow, 'key' | 'beatsNaive' | 'beatsBestNaive'> & { keyJson: string; beatsNaive: number; beatsBestNaive: number }

export function seriesTable(ctx: Ctx) {
  const insert = ctx.db.prepare(
    `INSERT INTO run_series (run_id, position, key_json, label, rows, season, n, mae, mase, naive_mae, naive_mase, snaive_mae,
       interval_half_width, coverage, beats_naive, beats_best_naive, forecast_by, forecast_label, forecast_note, network_mae, network_mase, range_json,
       accuracy, brier, log_loss, rate_brier, persistence_brier, majority_accuracy)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const insertForecast = ctx.db.prepare('INSERT INTO series_forecasts (run_id, position, ts, step, value, lower, upper, actual) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  const clear = ctx.db.prepare('DELETE FROM run_series WHERE run_id = ?')
  const select = ctx.db.prepare<[number], Raw>(
    `SELECT position, key_json AS keyJson, label, rows, season, n, mae, mase, naive_mae AS naiveMae, naive_mase AS naiveMase,
       snaive_mae AS seasonalNaiveMae, interval_half_width AS intervalHalfWidth, coverage, beats_naive AS beatsNaive,
       beats_best_naive AS beatsBestNaive, forecast_by AS forecastBy, forecast_label AS forecastLabel, forecast_note AS forecastNote,
       network_mae AS networkMae, network_mase AS networkMase, range_json AS rangeJson,
       accuracy, brier, log_loss AS logLoss, rate_brier AS rateBrier, persistence_brier AS persistenceBrier, majority_accuracy AS majorityAccuracy FROM run_series WHERE run_id = ? ORDER BY position`
  )
  const selectForecast = ctx.db.prepare<[number, number], ForecastRow>(
    'SELECT ts, step, value, lower, upper, actual FROM series_forecasts WHERE run_id = ? AND position = ? ORDER BY ts, step'
  )
  const countSeries = ctx.db.prepare<[number, number], { n: number }>('SELECT count(*) AS n FROM run_series WHERE run_id = ? AND position = ?')

  return {
    /** Replaces the run's series and their forecasts, in one transaction. Every value is checked
     *  before anything is written; NaN is refused (SQLite would store it as NULL). */
    replace(runId: number, series: readonly SeriesInput[]): void {
      const seen = new Set<number>()
      const rows = series.map((s, i) => {
        const f = `series[${i}]`
        if (!Array.isArray(s.key) || s.key.length === 0) throw invalid(`${f}.key`, 'must be a non-empty array of strings')
        s.key.forEach((k, j) => text(`${f}.key[${j}]`, k, { allowEmpty: true }))
        if (typeof s.beatsNaive !== 'boolean' || typeof s.beatsBestNaive !== 'boolean') throw invalid(`${f}.beatsNaive`, 'must be a boolean')
        const forecastBy = textOrNull(`${f}.forecastBy`, s.forecastBy)
        if (forecastBy !== null && !(forecastBy.length >= 1 && forecastBy.length <= 40)) throw invalid(`${f}.forecastBy`, `must name a forecaster in 1 to 40 characters (got ${forecastBy.length})`)
        if (seen.has(s.position)) throw invalid(`${f}.position`, `position ${s.position} appears twice`)
        seen.add(s.position)
        const params = [
          runId, integer(`${f}.position`, s.position, 0), JSON.stringify(s.key), text(`${f}.label`, s.label, { allowEmpty: true }),
          integer(`${f}.rows`, s.rows, 0), integer(`${f}.season`, s.season, 0), integer(`${f}.n`, s.n, 0),
          finiteOrNull(`${f}.mae`, s.mae), finiteOrNull(`${f}.mase`, s.mase), finiteOrNull(`${f}.naiveMae`, s.naiveMae),
          finiteOrNull(`${f}.naiveMase`, s.naiveMase), finiteOrNull(`${f}.seasonalNaiveMae`, s.seasonalNaiveMae),
          finiteOrNull(`${f}.intervalHalfWidth`, s.intervalHalfWidth), finiteOrNull(`${f}.coverage`, s.coverage),
          s.beatsNaive ? 1 : 0, s.beatsBestNaive ? 1 : 0,
          forecastBy,
          textOrNull(`${f}.forecastLabel`, s.forecastLabel), textOrNull(`${f}.forecastNote`, s.forecastNote),
          finiteOrNull(`${f}.networkMae`, s.networkMae), finiteOrNull(`${f}.networkMase`, s.networkMase),
          s.rangeJson == null ? null : jsonText(`${f}.range`, s.rangeJson),
          ...SERIES_CLASS_SCORES.map((k) => finiteOrNull(`${f}.${k}`, s[k] ?? null))
        ]
        const fc = s.forecasts.map((r, k) => {
          const g = `${f}.forecasts[${k}]`
          return [runId, s.position, integer(`${g}.ts`, r.ts), integer(`${g}.step`, r.step, 1), finite(`${g}.value`, r.value),
            finiteOrNull(`${g}.lower`, r.lower), finiteOrNull(`${g}.upper`, r.upper), finiteOrNull(`${g}.actual`, r.actual)]
        })
        return { params, fc }
      })
      write(ctx, 'series results', 'NORMAL', () => {
        clear.run(runId)
        for (const r of rows) {
          rowOfRun(runId, () => insert.run(...r.params))
          for (const p of r.fc) insertForecast.run(...p)
        }
      })
    },

    /** The run's series in order, with their scores (no forecasts); [] for a single-series run. */
    list(runId: number): SeriesRow[] {
      return read(ctx, () => select.all(runId)).map(({ keyJson, beatsNaive, beatsBestNaive, ...r }) => ({
        ...r, key: JSON.parse(keyJson) as string[], beatsNaive: beatsNaive === 1, beatsBestNaive: beatsBestNaive === 1
      }))
    },

    /** One series' test forecast; 'not-found' when the run has no series at that position. */
    forecasts(runId: number, position: number): ForecastRow[] {
      return read(ctx, () => {
        if (countSeries.get(runId, position)!.n === 0) throw notFound(`series ${position} of run ${runId}`)
        return selectForecast.all(runId, position)
      })
    }
  }
}

export type SeriesTable = ReturnType<typeof seriesTable>
