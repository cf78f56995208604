// The headless CLI: `fw <command> [options]`. Exit status 0 on success, 2 on bad input (the
// message names the file, row, column or field), 1 on an internal error.
import { fstatSync } from 'node:fs'
import { columnFixes, ImportError, missingFix, PipelineError } from '../data'
import { EngineError } from '../engine'
import { resolveDbPath, StoreError } from '../store'
import { databaseTrouble, troubleStep } from '../services/database-file'
import { enableRelaxedSimd } from '../services/wasm-features'
import { UsageError, checkPositionals, closestName, parseArgs, shellWord, type Parsed } from './args'
import { onTerminal, type Out } from './format'
import { commandHelp, type CommandHelp } from './help'
import { RunTaken, Stopped, trapStop, type StopTrap } from './stop'
import { BACKTEST_FLAGS, runBacktest } from './backtest'
import { APP_VERSION, TRAIN_FLAGS, train } from './train'
import { FORECAST_FLAGS, PREDICT_FLAGS, runForecast, runPredict } from './predict'
import { trainGlobalCommand } from './global'
import { MELT_FLAGS } from './wide'
import { ForecastError } from '../train/forecast'
import { OnnxInputError } from '../services/onnx-predict'
import { SWEEP_FLAGS, SWEEP_REFUSED, SWEEP_TRAIN_OPTIONS, sweep } from './sweep'
import { SweepError } from '../train/sweep'
import { compareRuns, exportRun, listRuns, removeRun, resume, showRun, storeNoticesTo } from './runs'
import type { ThresholdJson } from './threshold'
import { compactCommand, listDatasets, removeDatasetCommand } from './datasets'
import { sweepsCommand } from './sweeps'
import { EXPLAIN_FLAGS, explainCommand } from './explain'
import { INSPECT_FLAGS, inspectCommand } from './inspect'

const DB_FLAGS = { db: 'string', json: 'boolean' } as const
/** Commands whose output is a line saying what was done: no --json (it was listed and ignored). */
const DB_ONLY = { db: 'string' } as const
const EXPORT_FLAGS = { ...DB_ONLY, run: 'string', from: 'string', model: 'string', onnx: 'string', csv: 'string', xlsx: 'string', report: 'string', locale: 'string' } as const

const USAGE = `Forecast Workbench CLI

  fw inspect --csv FILE [--json]        how the file is read: types, units, time, series, notices,
                                        and values far from the rest; nothing is stored
  fw train --csv FILE --target COL [--features A,B] [--time COL] [--task regression|classification]
           [--rule "COL>0"] [--config cfg.json] [--out DIR] [--epochs N] [--seed N] [--name NAME]
           [--cell lstm|gru|elman] [--layers 1..4] [--hidden N] [--dropout P] [--lr RATE]   the network;
                                every setting of cfg.json, its type and default: docs/config.md
           [--horizon H [--direct]]   (--direct: one output per step 1..H instead of step H only)
           [--lookback L] [--season N|auto]   look-back (default: two seasons) and seasonal period
                                (auto: from the time column's spacing, e.g. monthly 12, else the data)
           [--level auto|window|global] [--transform auto|none|log]   how the network sees the level:
                                relative to each window's last value (window, the default) or scaled once
           [--forecaster auto|network|ensemble|combination|ets|theta|arima|drift|naive|seasonal-naive]
                                the run's forecast; auto (default) picks on validation and says why
           [--threads N|auto]   threads per training step, 1..16; auto (default) = min(cores, 2);
                                batches too small to gain stay on one thread
           [--db FILE | --no-db] [--json] [--delimiter , | ; | tab] [--decimal dot|comma] [--date-order dmy|mdy]
           [--month-order ym|my] [--encoding utf-8|windows-1252]   a file's text encoding (Excel's plain CSV: windows-1252)
           [--na VALUE[,VALUE]] [--type COL=numeric|categorical|boolean|date|ignore[,...]]   more marks read as
                                missing; a column read as the given type, or left out (ignore)
           [--unit COL=UNIT[,...]]   display units   [--outliers clean|keep]   whether the statistical models
                                read replacements for outliers (clean, the default) or every value as it is
           [--resample STEP|auto|off]   one row per period (a step: day, 2 week, month:sum; auto, the default,
                                puts a daily to yearly series with a few periods absent on its grid)
           [--series COL[,COL] --series-value VALUE[,VALUE]]   one series of a long file (one row per
                                series per time); proposed when timestamps repeat, and required then
           [--series COL[,COL] --global [--short-series skip|refuse] [--series-onehot] [--cuts auto|dates|series]]
                                one model across every series: same cut dates (or each series on its own rows
                                with --cuts series; auto: per series when the dates would skip series that span
                                other periods, said in a notice), scaling per series, metrics per series; the id
                                as an input with --series-onehot (recorded like any run: fw runs, show, export)
           [--melt COL,COL --global | --series-value COL]   a wide file: those columns as separate series
           [--calendar dow,month,doy,hour|auto|none] [--holidays FILE]   calendar inputs (sin/cos, UTC; default
                                hour,dow where sub-daily rows take the week, else none), known past the end
           [--period-label start|end]   a weekly or monthly row's date is its period's first day (default)
                                or its last (a week ending on Sunday): which days' holidays flag it
           [--known-future COL,COL]   features whose future values are in rows after the last target value
  fw sweep --csv FILE --target COL --grid grid.json [--random N] [--concurrency N]
           [--series COL[,COL] --global]   each trial one global model across every series, ranked by
                                its validation GMRAE over the series, as the run stores it
           [${SWEEP_TRAIN_OPTIONS}]
           grid.json: {"model.hiddenSize": [16, 32], "training.lr": [0.01, 0.003], "model.cell": ["gru", "lstm"]}
  fw runs [--json]                      list runs: forecaster, headline test metric, skill
  fw sweeps [SWEEP] [--json]            list sweeps; with SWEEP, its trials ranked again, as fw sweep ranked them
  fw show RUN [--json]                  one run: status, its sweep, config, clip rate, loss history, metrics
  fw compare RUN RUN [--json]           config diff, why scores do not compare, test metrics
  fw resume RUN [--out DIR]             continue an interrupted or cancelled run from its last checkpoint
  fw export --run RUN [--model FILE] [--onnx FILE] [--csv FILE [--locale de-DE]] [--xlsx FILE] [--report FILE]
                                        the model file (weights + data pipeline), the ONNX model, the test
                                        forecast with intervals and baselines, or a self-contained HTML report
  fw export --from model.json --onnx FILE
                                        the ONNX model of a model file (fw train --out, --no-db; global ones too)
  fw explain --run RUN [--at TIME] [--json]
                                        why the network forecasts what it does: attributions per input
                                        and lag, importance on validation, effective memory vs look-back
  fw rm RUN|A-B [RUN|A-B …]             delete runs and all saved with them (ids: all or none; A-B: those in it)
  fw datasets [--json]                  list the stored datasets: rows, columns, the runs using each, size
  fw rm --dataset N                     delete a dataset no run uses, giving its space back to the disk
  fw compact                            rewrite the database file with no free space inside it

  fw backtest --csv FILE --target COL [--folds 5] [--features COLS] [--horizon H] [--direct] [--known-future COLS] [--config FILE] [--json]
           [--series COL --global [--short-series skip|refuse] [--series-onehot]] [fw train's run options: --lookback, --season, …]
           walk-forward evaluation: expanding window, scalers refitted in each fold (a global model's
           folds: the same dates for every series)
  fw predict --model model.json|model.onnx --csv FILE --out FILE.csv
           the model's forecast from every window of a new CSV (time, forecast, interval, actual)
  fw forecast --model model.json|model.onnx --csv FILE --steps N --out FILE.csv
  fw forecast --run RUN [--csv FILE] --steps N --out FILE.csv
           N steps past the end of the CSV (target-only models, and inputs known in the future:
                                calendar, --known-future features; [--future FILE] gives their future rows)
           predict and forecast take --series/--series-value too (default: the series the model was trained on;
                                a global model: every series, one block each, with the series column(s) first)

  fw COMMAND --help                     that command's options;  fw --version  the version

The run database is --db FILE, else $FW_DB, else the default in your user data folder.
Ctrl-C during fw train or fw resume stops after the current batch and cancels the run (resume it
with fw resume RUN); a second Ctrl-C quits at once.
Exit status: 0 ok, 2 bad input or a database that cannot be written (read-only, its disk full),
1 internal error, 130 stopped by Ctrl-C (SIGINT or SIGTERM).
With --json, a command that fails prints nothing on stdout and ends stderr with one line of JSON:
{"error": "the message", "exit": 2, "hint": "what to rerun with"} (hint only where there is one).
`

/** --melt as fw predict and fw forecast take it: no --global there, the model says how it was trained. */
const APPLY_MELT: [string, string] = ['COL,COL,…', 'a wide file read as the model read it when fw train --melt trained it: these numeric columns as the series "series"; a global model forecasts each, one block each, a single-series one the column its --series-value named']

/** Ctrl-C handling for the commands that train in this process; null elsewhere (tests pass none). */
type Trap = StopTrap | null

interface Command extends CommandHelp {
  /** err: stderr, for what is not the command's output (fw export's and fw inspect's progress on a terminal). */
  run(p: Parsed, out: Out, trap: Trap, err: Out): Promise<void> | void
  /** Trains in this process: Ctrl-C stops after the current batch (stop.ts). */
  trains?: boolean
  /** The most arguments besides its options it takes (fw show RUN: 1); none unless said. */
  args?: number
}

/** Every command: its help (help.ts) and what it runs. */
export const COMMANDS: Record<string, Command> = {
  inspect: {
    usage: ['inspect --csv FILE [--target COL] [--type COL=TYPE,…] [--series COL --series-value VALUE] [--json]'],
    about: "How the import reads a CSV, before any run: its format, time column and series, each column's type, unit, missing values and range, the import's notices, and each numeric column's values far from the rest as a run's statistical models find them (R's tsoutliers). --target COL says the blanks at the end of each column as a run on that target reads them (rows ahead for the target, filled for an input). Nothing is stored.",
    flags: INSPECT_FLAGS,
    run: (p, out, _trap, err) => inspectCommand(p, out, err)
  },
  train: {
    usage: ['train --csv FILE --target COL [options]'],
    about: 'Imports the CSV, trains a recurrent network on it in this process, prints its test metrics next to every baseline (for two classes also the threshold chosen on its validation rows, with the test scores at it beside 0.5), and writes the model file and the test predictions. Ctrl-C stops after the current batch and cancels the run, which fw resume continues.',
    flags: { ...TRAIN_FLAGS, ...MELT_FLAGS },
    trains: true,
    async run(p, out, trap) {
      if (p.flags['global'] === true) return void (await trainGlobalCommand(p, out, trap))
      const r = await train(p, out, undefined, trap)
      if (p.flags['json'] === true) out.write(JSON.stringify({ runId: r.runId, ...(jsonResult(r.result, r.files, r.threshold) as object), notes: r.notes }, null, 2) + '\n')
    }
  },
  sweep: {
    usage: [`sweep --csv FILE --target COL --grid grid.json [--random N] [--concurrency N] [--series COL --global] [${SWEEP_TRAIN_OPTIONS}]`],
    about: "A grid or random search: each combination is a run of its own, grouped under one sweep, trained in up to N trainer processes at once and ranked by the validation error of the forecast each gives (the network, or the statistical model chosen over it; trials whose forecasts score the same share a rank). With --series COL --global each trial is a global run, one model across every series, trained and stored as fw train --global's, and ranked by the validation GMRAE it stores: the geometric mean over its series of the chosen forecast's validation MAE over naive's. Ctrl-C cancels every trial and prints the ranking of the trials stored so far; fw resume RUN continues a trial stopped while training, and the same fw sweep command run again continues the sweep: it trains the trials that never started and skips those stored with the same settings, under the sweep's own name (another --name is refused). fw sweeps SWEEP ranks a stored sweep again.",
    flags: SWEEP_FLAGS,
    refused: SWEEP_REFUSED,
    trains: true,
    async run(p, out, trap) {
      const ranked = await sweep(p, p.flags['json'] === true ? { write: () => {}, isTTY: false } : out, trap)
      if (p.flags['json'] === true) out.write(JSON.stringify(ranked, null, 2) + '\n')
    }
  },
  runs: {
    usage: ['runs [--json]'],
    about: "Lists every run with its status, what made its forecast, its headline test metric and its test skill (against the baseline picked on validation), newest first. A run training in another process shows its owner.",
    flags: DB_FLAGS,
    run: (p, out) => listRuns(p, out)
  },
  sweeps: {
    usage: ['sweeps [SWEEP] [--json]'],
    args: 1,
    about: "Lists the stored sweeps, newest first: how many of its trials are stored, its best run and that run's forecast validation score. With SWEEP, that sweep's trials ranked again as fw sweep ranked them (from the scores the runs store), its trials that never started named, and its trials stopped while training (fw resume RUN continues each).",
    flags: DB_FLAGS,
    run: (p, out) => sweepsCommand(p, out)
  },
  show: { usage: ['show RUN [--json]'], args: 1, about: 'One run: status, the sweep it is a trial of with its rank there, config, how often the gradient was clipped, the last epochs of its loss history, its test metrics and verdict, and for two classes the threshold chosen on its validation rows with the test scores at it.', flags: DB_FLAGS, run: (p, out) => showRun(p, out) },
  compare: { usage: ['compare RUN RUN [--json]'], args: 2, about: "The config differences of two runs; then, where their test scores do not compare, why (other data, series, target, horizon or test period, as the app's Compare says it); then what each forecast (dataset, target, forecaster) and its forecast's test metrics side by side. The network's own test metrics follow ('network mae' …) where a run's forecast is not the network alone. Two global runs: per series, the chosen forecast's and the network's test MASE, and which run is lower on how many series. --json gives it all: {runs, config, notComparable, testMetrics: {rows, sameData, seriesRowOf}, series}.", flags: DB_FLAGS, run: (p, out) => compareRuns(p, out) },
  rm: {
    usage: ['rm RUN|A-B [RUN|A-B …]', 'rm --dataset N'],
    args: Infinity,
    about: 'Deletes runs and everything saved with them: ids, or ranges A-B with both ends (fw rm 3-10 14). A range means the runs that still exist in it: the ids in it already deleted are said, and only a range with no run at all is refused. Every run named alone goes, or none: a missing one, or any run another process trains, refuses them all, naming it; so does a reversed or malformed range. With --dataset it deletes a stored dataset that no run uses; a dataset runs still use is refused, naming them. The space freed goes back to the disk (a database made by an older version keeps it free inside the file for later writes).',
    flags: { ...DB_ONLY, dataset: 'string' },
    overrides: { dataset: ['N', 'delete stored dataset N (fw datasets lists them) instead of a run'] },
    run: (p, out) => (p.flags['dataset'] !== undefined ? removeDatasetCommand(p, out) : removeRun(p, out))
  },
  datasets: {
    usage: ['datasets [--json]'],
    about: 'Lists the stored datasets, newest first: rows, columns, how many runs use each and the size of its data. fw train stores the CSV it trains on once, however many runs use it; fw rm --dataset N deletes one no run uses.',
    flags: DB_FLAGS,
    run: (p, out) => listDatasets(p, out)
  },
  compact: {
    usage: ['compact'],
    about: 'Rewrites the database file so that it keeps no free space inside it. A database made by an older version kept the space of deleted runs and datasets inside the file, for later writes; compacting gives it back to the disk, and from then on every deletion gives its space back, as in a database made now. The rewrite holds the file for as long as a copy of it takes, so it runs only when nothing else has the file open: close the app and any other fw command on it first.',
    flags: DB_ONLY,
    run: (p, out) => compactCommand(p, out)
  },
  resume: {
    usage: ['resume RUN [--out DIR]'],
    args: 1,
    about: 'Continues an interrupted or cancelled run from its last checkpoint, to the same weights an uninterrupted run reaches (one stopped before its first checkpoint starts over from its seed); a global run (fw train --global) then chooses each series\' forecaster again, as it would have. It ends as fw train ends: the test metrics, the interval and the forecaster chosen, with model.json and predictions.csv written to the folder fw train --out named (kept with the run), to --out DIR, or to fw-out for a run that kept none (the app\'s, a sweep\'s trial, or one stored by an older fw). Refuses, saying why, a run that is done, failed, queued or still training elsewhere.',
    flags: { ...DB_ONLY, out: 'string' },
    overrides: { out: ['DIR', 'output folder for model.json and predictions.csv (default: the folder fw train --out named, else fw-out)'] },
    trains: true,
    async run(p, out, trap) {
      await resume(p, out, trap)
    }
  },
  export: {
    usage: ['export --run RUN [--model FILE] [--onnx FILE] [--csv FILE [--locale de-DE]] [--xlsx FILE] [--report FILE]', 'export --from model.json --onnx FILE'],
    about: 'Writes a stored run as a model file (weights and data pipeline), an ONNX model, its test forecast with intervals and baselines (CSV or XLSX), or a self-contained HTML report. Name at least one. A global run (fw train --global) exports --csv, --xlsx, --report, --model (the model file fw train --global wrote, kept with the run) and --onnx (one graph for all its series, whose per-series scaling enters as inputs; that of a global classification gives its classes\' probabilities: of two, the second\'s alone; docs/export.md). --from writes the ONNX model of a model file instead of a stored run (e.g. one fw train --no-db wrote), global or not.',
    flags: EXPORT_FLAGS,
    overrides: {
      model: ['FILE', 'write the model file (JSON: weights and data pipeline)'],
      from: ['FILE', 'a model file (model.json) to export as --onnx, instead of a stored run'],
      onnx: ['FILE', 'write the model as ONNX (a global run: one graph for every series, each series\' scaling as inputs from the file\'s series_table)'],
      csv: ['FILE', 'write the test forecast with intervals and baselines as CSV']
    },
    run: (p, out, _trap, err) => exportRun(p, out, err)
  },
  explain: {
    usage: ['explain --run RUN [--at TIME] [--steps 32] [--windows 500] [--refine-budget 32000] [--json]'],
    about: "Why the run's network forecasts what it does: integrated gradients per (lag, input) for one forecast (by default the one past the end of the data) in the target's units, a text heatmap, importance on the validation windows (mean |attribution| and permutation importance, also of the run's statistical models) and the effective memory beside the look-back.",
    flags: EXPLAIN_FLAGS,
    overrides: {
      steps: ['N', 'integrated-gradient nodes along the path from the baseline (default 32, Gauss-Legendre; where the attributions miss more than 0.1 % of the move, the path is refined, up to 4096 gradient evaluations)'],
      'refine-budget': ['N', 'gradient evaluations for refining the paths of the validation windows whose attributions miss more than 0.1 % of the move, all windows together, those nearest the tolerance first (default 32000; 0: none refined); the explained forecast is refined on its own']
    },
    run: (p, out, _trap, err) => explainCommand(p, out, err)
  },
  backtest: {
    usage: ['backtest --csv FILE --target COL [--folds 5] [--features COLS] [--horizon H] [--direct] [--lookback L] [--season N|auto] [--level …] [--transform …] [--forecaster NAME] [--outliers clean|keep] [--threads N|auto] [--calendar F,…] [--holidays FILE] [--period-label start|end] [--known-future COLS] [--epochs N] [--seed N] [--config FILE] [--series COL --global] [--json]'],
    about: 'Walk-forward evaluation: an expanding window, the scalers refitted in each fold. With --series COL --global, of one model across every series: the folds are cut at the same dates for all series, and each fold is scored as a global run is, scale-free: the mean MASE over its series and their GMRAE (nothing is recorded). --folds: 2 to 50.',
    flags: BACKTEST_FLAGS,
    refused: { cuts: "a global backtest's folds cut every series at the same dates" },
    overrides: { global: ['', 'with --series COL: backtest one model across every series of the long file, the folds cut at the same dates for all series (nothing is recorded)'] },
    run: (p, out) => runBacktest(p, out)
  },
  predict: {
    usage: ['predict --model model.json|model.onnx --csv FILE --out FILE.csv'],
    about: "The model's forecast from every window of a new CSV (time, forecast, interval, actual). A global model, its model.json or its ONNX graph (fw export --onnx), forecasts every series of a long file that it knows, one block per series; an ONNX file carries no interval, and a global one takes no --series-value or --melt (--series only as its own series id).",
    flags: PREDICT_FLAGS,
    overrides: { out: ['FILE.csv', 'where to write the predictions'], melt: APPLY_MELT },
    run: (p, out) => runPredict(p, out)
  },
  forecast: {
    usage: ['forecast --model model.json|model.onnx --csv FILE --steps N --out FILE.csv', 'forecast --run RUN [--csv FILE] --steps N --out FILE.csv'],
    about: "N steps past the end of the CSV: target-only models, and models whose other inputs are known in the future (calendar, --known-future features, whose values come from rows past the last target value or --future FILE). An ONNX graph (fw export --onnx) forecasts with its network alone, its forecasts fed back as the model file's network feeds them, with no interval: any number of steps from the target alone, at most its horizon with other inputs or of a classification; a global model's graph forecasts every series of a long file that it knows, one block each; a graph that reads inputs ahead is refused (use the model.json: with --future for --known-future features; calendar inputs it derives itself).",
    flags: FORECAST_FLAGS,
    overrides: { out: ['FILE.csv', 'where to write the forecast'], model: ['FILE', 'a model file (model.json), or an ONNX graph (fw export --onnx)'], melt: APPLY_MELT },
    run: (p, out) => runForecast(p, out)
  }
}

export async function main(argv: string[], stdout: Out, stderr: Out, trapSignals = false): Promise<number> {
  const [command, ...rest] = argv
  // TTYs not made by processOutputs (a test's) taken as one terminal: nothing runs on from a line
  // shown in place on the other
  const [out, err] = onTerminal([stdout, stderr], stdout.isTTY && stderr.isTTY) as [Out, Out]
  let trap: Trap = null
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      const topic = command === 'help' ? rest[0] : undefined
      if (topic !== undefined && COMMANDS[topic]) out.write(commandHelp(COMMANDS[topic]!))
      else out.write(USAGE)
      return command === undefined ? 2 : 0
    }
    if (command === '--version' || command === '-V' || command === 'version') {
      out.write(`fw ${APP_VERSION}\n`)
      return 0
    }
    const c = COMMANDS[command]
    // options before the command (fw --db x runs): where they go, not the whole help
    const at = command.startsWith('-') ? rest.findIndex((a) => Object.hasOwn(COMMANDS, a)) : -1
    if (at >= 0) {
      const before = argv.slice(0, at + 1)
      const flags = before.filter((a) => a.startsWith('-')).map((a) => a.replace(/=.*/, ''))
      throw new UsageError(`put ${flags.join(', ')} after the command: fw ${[rest[at]!, ...before, ...rest.slice(at + 1)].map(shellWord).join(' ')}`)
    }
    if (!c) {
      // only options (fw --json): a usage error as bare fw's exit says, as JSON where asked for
      if (command.startsWith('-') && argv.includes('--json')) throw new UsageError(`no command given (fw ${argv.map(shellWord).join(' ')}): put the command first, e.g. fw runs --json; fw --help lists the commands`)
      const near = closestName(command, Object.keys(COMMANDS))
      throw new UsageError(`unknown command '${command}'${near ? ` (did you mean 'fw ${near}'?)` : ''}\n\n${USAGE}`)
    }
    // --help wins over everything else on the line, even a missing or unknown option
    if (rest.includes('--help') || rest.includes('-h')) {
      out.write(commandHelp(c))
      return 0
    }
    const p = parseArgs(rest, c.flags, command, c.refused)
    checkPositionals(p, c.args ?? 0, command, c.usage, c.flags)
    if (c.trains && trapSignals) trap = trapStop(err)
    storeNoticesTo(err)
    await c.run(p, out, trap, err)
    return 0
  } catch (e) {
    const failure = failureOf(e, command, naGiven(rest), flagGiven(rest, '--db'), rest)
    // a script that asked for JSON gets its error as JSON too (USAGE says how), whatever the command
    if (argv.includes('--json')) err.write(JSON.stringify({ error: failure.message, exit: failure.exit, ...(failure.hint ? { hint: failure.hint } : {}) }) + '\n')
    else err.write(`${failure.message}\n${failure.hint ? failure.hint.split('\n').map((l) => `  ${l}\n`).join('') : ''}`)
    if (failure.exit === 1 && !(e instanceof RunTaken) && process.env['FW_DEBUG']) err.write(`${(e as Error).stack}\n`)
    return failure.exit
  } finally {
    storeNoticesTo(null)
    trap?.release()
  }
}

/** How `fw COMMAND` failed: its message as printed (prefixed with the command), its exit status, and
 *  the flags to rerun with where there are some (flagHint's lines, unindented). */
export function failureOf(e: unknown, command: string | undefined, na?: string, db?: string, args?: readonly string[]): { message: string; exit: number; hint: string | null } {
  if (e instanceof Stopped || e instanceof RunTaken) return { message: `fw ${command}: ${e.message}`, exit: e instanceof Stopped ? 130 : 1, hint: null }
  // damage a command met after opening (the CLI checks the pages before its first change, not on
  // open) is said as damage found on open is (openCliStore), with the step that helps
  const trouble = e instanceof StoreError && e.code === 'damaged' && e.file ? databaseTrouble(e.file, e) : null
  if (trouble) return { message: `fw ${command ?? ''}: the run database ${(e as StoreError).file}: ${trouble.what}; ${troubleStep(trouble, 'with --db FILE or FW_DB')}`, exit: 2, hint: null }
  const bad = isBadInput(e)
  const raw = (e as Error).message ?? String(e)
  // a long file trained as one series: the message names the file and the flags that fix it, and
  // the config path before it ("time.series: …", which Setup places the error by) means nothing to a
  // command line that gave no config
  const field = e instanceof PipelineError && e.code === 'mixed-series' ? e.field : undefined
  const said = field && raw.startsWith(`${field}: `) ? raw.slice(field.length + 2) : raw
  // "run 4 not found": in which database (--db, FW_DB or the default), which may be the wrong one
  const msg = e instanceof StoreError && e.code === 'not-found' && said.endsWith(' not found') ? `${said} in ${resolveDbPath(db, process.env)}` : said
  // usage errors that already name the command (need(): "fw forecast: --out is required") keep
  // their own prefix rather than getting a second one; so do errors of core that name it without
  // "fw" (SweepError: "sweep: model.cell must be …", worded so for the app), which get only "fw "
  const named = bad && command !== undefined && (msg.startsWith(`fw ${command}:`) || msg.startsWith(`fw ${command} `))
  const own = bad && command !== undefined && msg.startsWith(`${command}: `)
  const hint = flagHint(e, na, args).split('\n').map((l) => l.replace(/^ {2}/, '')).filter(Boolean).join('\n')
  // an option where the command should be (fw --db x runs) is not a command to name
  const who = command === undefined || command.startsWith('-') ? 'fw' : `fw ${command}`
  return { message: `${named ? '' : own ? 'fw ' : `${who}: ${bad ? '' : 'internal error: '}`}${msg}`, exit: bad ? 2 : 1, hint: hint || null }
}


/** The import asks a question the app answers with buttons (core/data's `choices`); the CLI's
 *  answer is a flag, which the message (shared with the app) does not name. */
const CHOICE_FLAGS: Partial<Record<string, string>> = { 'ambiguous-number-format': '--decimal', 'ambiguous-date-format': '--date-order', 'ambiguous-month-format': '--month-order' }
/** The config paths the train flags set: a bad value is named by its path (shared with the app and
 *  config files), and the CLI says which flag that is. */
const FIELD_FLAGS: Partial<Record<string, string>> = {
  'data.lookBack': '--lookback', 'data.horizon': '--horizon', 'data.season': '--season', 'data.level': '--level', 'data.transform': '--transform',
  'data.features': '--features', 'data.known': '--known-future', 'data.calendar': '--calendar', 'data.periodLabel': '--period-label', 'data.units': '--unit', 'data.target': '--target', 'training.epochs': '--epochs', 'training.seed': '--seed', 'training.threads': '--threads',
  'model.forecaster': '--forecaster', 'model.outliers': '--outliers', 'model.cell': '--cell', 'model.numLayers': '--layers', 'model.hiddenSize': '--hidden',
  'model.dropout': '--dropout', 'training.lr': '--lr', 'task.rule': '--rule', 'data.rule': '--rule', 'data.task': '--task'
}
/** The value of `flag` given as `flag VALUE` or `flag=VALUE`; undefined when not given. */
function flagGiven(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag) return args[i + 1]
    if (args[i]!.startsWith(`${flag}=`)) return args[i]!.slice(flag.length + 1)
  }
  return undefined
}

/** The value of --na on the command line (`--na X` or `--na=X`), for a hint that adds to it. */
function naGiven(args: readonly string[]): string | undefined {
  return flagGiven(args, '--na')
}

/** The flags that fix an error. `na`: the --na given, which a --na hint repeats with the new value
 *  (--na is given once, so the one command that works names them all). */
export function flagHint(e: unknown, na?: string, args?: readonly string[]): string {
  const field = e instanceof EngineError || e instanceof PipelineError ? (e as { field?: string }).field : undefined
  // an item of a list (data.calendar[0]) is the list's flag
  const list = field?.replace(/\[\d+\]$/, '')
  const fieldFlag = list ? FIELD_FLAGS[list] : undefined
  // `args`, where known: a value neither typed nor in a --config file is fw's own choice (the default
  // features, every column but the target and time), and the flag is named only where it was given
  const given = (flag: string) => args === undefined || args.some((a) => a === flag || a.startsWith(`${flag}=`))
  if (fieldFlag && (given(fieldFlag) || given('--config'))) return `  (${list} is ${fieldFlag} on the command line)\n`
  const fixes = e instanceof ImportError ? columnFixes(e) : null
  if (fixes) {
    const name = (e as ImportError).column!
    const col = /^[\w.-]+$/.test(name) ? name : `"${name}"`
    const value = missingFix(e as ImportError)
    const given = (na ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '')
    // --na miss;gone: read as one value "miss;gone", where the value refused is one of its parts
    const semicolons = value !== null && given.some((x) => x.includes(';') && x.split(';').map((y) => y.trim()).includes(value))
    const tokens = semicolons ? given.flatMap((x) => x.split(';').map((y) => y.trim())).filter((x) => x !== '') : given
    const values = [...tokens.filter((x) => x !== value), ...(value === null ? [] : [value])]
    const naFix = value === null ? '' : `  rerun with --na ${shellWord(values.join(','))} to read ${values.length > 1 ? 'those values' : 'that value'} as missing${semicolons ? ' (a list is separated by ",", not ";")' : ''}, or`
    const types = fixes === 'leave' ? `--type ${col}=ignore to leave it out` : `--type ${col}=categorical to read the column as text, or --type ${col}=ignore to leave it out`
    return naFix ? `${naFix}\n  with ${types}\n` : `  rerun with ${types}\n`
  }
  if (!(e instanceof ImportError) || !e.choices?.length) return ''
  // --decimal named the other mark than the file's: leaving it out reads the file's own
  if (e.code === 'wrong-decimal') return `  rerun without --decimal ${e.choices[0] === 'dot' ? 'comma' : 'dot'} (or with --decimal ${e.choices[0]})\n`
  const flag = CHOICE_FLAGS[e.code]
  return flag ? `  rerun with ${e.choices.map((c) => `${flag} ${c}`).join(' or ')}\n` : ''
}

export function isBadInput(e: unknown): boolean {
  if (e instanceof UsageError || e instanceof OnnxInputError || e instanceof ImportError || e instanceof PipelineError || e instanceof EngineError || e instanceof ForecastError || e instanceof SweepError) return true
  // a full disk is no bug of fw's: its message names the file and what to do (errors.ts diskFull)
  return e instanceof StoreError && ['damaged', 'foreign', 'too-new', 'read-only', 'disk-full', 'invalid', 'not-found', 'in-use'].includes(e.code)
}

function jsonResult(result: import('../train/types').TrainResult, files: Record<string, string>, threshold: ThresholdJson | null): unknown {
  const { modelFile: _model, forecasts, threshold: _t, ...rest } = result
  // two classes: the threshold as fw show --json gives it (the test rows scored at it and at 0.5)
  return { ...rest, forecastCount: forecasts.length, files, threshold }
}

/** The process's stdout and stderr for `fw COMMAND`. A reader that stops early (`fw runs | head -1`)
 *  closes the pipe: fw stops quietly, as Unix tools do; but a command that trains goes on to its end
 *  with nothing more written, so that its run and model are kept (it exited 0 there, leaving the
 *  run interrupted and no model). runProcess calls this, for bin/fw.js and out/node/cli.js alike. */
export function processOutputs(command: string | undefined): { stdout: Out; stderr: Out } {
  const trains = command !== undefined && COMMANDS[command]?.trains === true
  const broken = new Set<NodeJS.WriteStream>()
  const wrap = (s: NodeJS.WriteStream): Out => {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e
      broken.add(s)
      if (!trains) process.exit(Number(process.exitCode ?? 0))
    })
    return { write: (t) => void (broken.has(s) || s.write(t)), isTTY: Boolean(s.isTTY), get columns() { return s.isTTY ? s.columns : undefined } }
  }
  // one terminal where both are TTYs of the same device: a line shown in place on one is erased
  // before the other writes (statusLine)
  const [stdout, stderr] = onTerminal([wrap(process.stdout), wrap(process.stderr)], sameTerminal())
  return { stdout: stdout!, stderr: stderr! }
}

function sameTerminal(): boolean {
  try {
    return Boolean(process.stdout.isTTY && process.stderr.isTTY) && fstatSync(1).rdev === fstatSync(2).rdev
  } catch {
    return true
  }
}

/** `fw` as a process runs it, from every entry (bin/fw.js, which `npx fw` and `npm run cli` run,
 *  and out/node/cli.js run directly): the app's kernels (relaxed SIMD, every multiply-add fused, as
 *  Electron and the forked trainer run them) switched on before the engine's first kernel call, so
 *  that the same settings train the same run to the last bit in the CLI and in the app; Ctrl-C and
 *  SIGTERM stop training after the current batch (core/cli/stop.ts). Returns the exit status. */
export function runProcess(argv: string[]): Promise<number> {
  enableRelaxedSimd()
  // a reader that stops early (`fw runs | head -1`): fw stops quietly, training goes on unread
  const { stdout, stderr } = processOutputs(argv[0])
  return main(argv, stdout, stderr, true)
}

// Run when executed as the CLI entry (out/node/cli.js), not when imported by tests.
if (process.argv[1] && /(?:^|[\\/])cli\.js$/.test(process.argv[1])) {
  void runProcess(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}
