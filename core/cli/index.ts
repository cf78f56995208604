// The headless CLI: `fw <command> [options]`. Exit status 0 on success, 2 on bad input (the
// message names the file, row, column or field), 1 on an internal error.
import { ImportError, PipelineError } from '../data'
import { EngineError } from '../engine'
import { StoreError } from '../store'
import { enableRelaxedSimd } from '../services/wasm-features'
import { UsageError, parseArgs } from './args'
import type { Out } from './format'
import { BACKTEST_FLAGS, runBacktest } from './backtest'
import { TRAIN_FLAGS, train } from './train'
import { FORECAST_FLAGS, PREDICT_FLAGS, runForecast, runPredict } from './predict'
import { ForecastError } from '../train/forecast'
import { SWEEP_FLAGS, sweep } from './sweep'
import { compareRuns, exportRun, listRuns, removeRun, resume, showRun } from './runs'

const DB_FLAGS = { db: 'string', json: 'boolean' } as const

const USAGE = `Forecast Workbench CLI

  fw train --csv FILE --target COL [--features A,B] [--time COL] [--task regression|classification]
           [--rule "COL>0"] [--config cfg.json] [--out DIR] [--epochs N] [--seed N] [--name NAME]
           [--horizon H [--direct]]   (--direct: one output per step 1..H instead of step H only)
           [--threads N|auto]   threads per training step, 1..16; auto (default) = min(cores, 2);
                                batches too small to gain stay on one thread
           [--db FILE | --no-db] [--json] [--delimiter , | ; | tab] [--decimal dot|comma] [--date-order dmy|mdy]
  fw sweep --csv FILE --target COL --grid grid.json [--random N] [--concurrency N] [train options]
           grid.json: {"model.hiddenSize": [16, 32], "training.lr": [0.01, 0.003], "model.cell": ["gru", "lstm"]}
  fw runs [--json]                      list runs with their headline test metric
  fw show RUN [--json]                  one run: status, config, loss history, metrics
  fw compare RUN RUN                    config diff and test metrics side by side
  fw resume RUN                         continue an interrupted or cancelled run from its last checkpoint
  fw export --run RUN [--model FILE] [--onnx FILE] [--csv FILE [--locale de-DE]] [--xlsx FILE] [--report FILE]
                                        the model file (weights + data pipeline), the ONNX model, the test
                                        forecast with intervals and baselines, or a self-contained HTML report
  fw rm RUN                             delete a run and everything saved with it

  fw backtest --csv FILE --target COL [--folds 5] [same options as train] [--json]
           walk-forward evaluation: expanding window, scalers refitted in each fold
  fw predict --model model.json|model.onnx --csv FILE --out FILE.csv
           the model's forecast from every window of a new CSV (time, forecast, interval, actual)
  fw forecast --model model.json --csv FILE --steps N --out FILE.csv
  fw forecast --run RUN [--csv FILE] --steps N --out FILE.csv
           N steps past the end of the CSV (target-only models; others need future feature values)

The run database is --db FILE, else $FW_DB, else the default in your user data folder.
Exit status: 0 ok, 2 bad input, 1 internal error.
`

export async function main(argv: string[], out: Out, err: Out): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'train': {
        const p = parseArgs(rest, TRAIN_FLAGS)
        const r = await train(p, out)
        if (p.flags['json'] === true) out.write(JSON.stringify({ runId: r.runId, ...(jsonResult(r.result, r.files) as object) }, null, 2) + '\n')
        return 0
      }
      case 'sweep': {
        const p = parseArgs(rest, SWEEP_FLAGS)
        const ranked = await sweep(p, p.flags['json'] === true ? { write: () => {}, isTTY: false } : out)
        if (p.flags['json'] === true) out.write(JSON.stringify(ranked.map(({ trial, ...r }) => ({ ...r, params: trial.params })), null, 2) + '\n')
        return 0
      }
      case 'runs':
        listRuns(parseArgs(rest, DB_FLAGS), out)
        return 0
      case 'show':
        showRun(parseArgs(rest, DB_FLAGS), out)
        return 0
      case 'compare':
        compareRuns(parseArgs(rest, DB_FLAGS), out)
        return 0
      case 'rm':
        removeRun(parseArgs(rest, DB_FLAGS), out)
        return 0
      case 'resume':
        await resume(parseArgs(rest, DB_FLAGS), out)
        return 0
      case 'export':
        await exportRun(parseArgs(rest, { ...DB_FLAGS, run: 'string', model: 'string', onnx: 'string', csv: 'string', xlsx: 'string', report: 'string', locale: 'string' }), out)
        return 0
      case 'backtest':
        await runBacktest(parseArgs(rest, BACKTEST_FLAGS), out)
        return 0
      case 'predict':
        await runPredict(parseArgs(rest, PREDICT_FLAGS), out)
        return 0
      case 'forecast':
        await runForecast(parseArgs(rest, FORECAST_FLAGS), out)
        return 0
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.write(USAGE)
        return command === undefined ? 2 : 0
      default:
        throw new UsageError(`unknown command '${command}'\n\n${USAGE}`)
    }
  } catch (e) {
    const bad = isBadInput(e)
    err.write(`fw ${command ?? ''}: ${bad ? '' : 'internal error: '}${(e as Error).message ?? String(e)}\n`)
    if (!bad && process.env['FW_DEBUG']) err.write(`${(e as Error).stack}\n`)
    return bad ? 2 : 1
  }
}

export function isBadInput(e: unknown): boolean {
  if (e instanceof UsageError || e instanceof ImportError || e instanceof PipelineError || e instanceof EngineError || e instanceof ForecastError) return true
  return e instanceof StoreError && ['damaged', 'too-new', 'read-only', 'invalid', 'not-found', 'in-use'].includes(e.code)
}

function jsonResult(result: import('../train/types').TrainResult, files: Record<string, string>): unknown {
  const { modelFile: _model, forecasts, ...rest } = result
  return { ...rest, forecastCount: forecasts.length, files }
}

const stdout: Out = { write: (s) => void process.stdout.write(s), isTTY: Boolean(process.stdout.isTTY) }
const stderr: Out = { write: (s) => void process.stderr.write(s), isTTY: Boolean(process.stderr.isTTY) }

// Run when executed as the CLI entry (out/node/cli.js), not when imported by tests.
if (process.argv[1] && /(?:^|[\\/])cli\.js$/.test(process.argv[1])) {
  enableRelaxedSimd() // the app's kernels (FMA), before the engine's first kernel call
  main(process.argv.slice(2), stdout, stderr).then((code) => {
    process.exitCode = code
  })
}
