import { StoreError, invalid, isSqliteCode, notFound } from './errors'
import { now, read, write, type Ctx } from './context'
import { isAbsolute } from 'node:path'
import { integer, jsonText, textOrNull } from './validate'
import { describeOwner, ownerGone, type Owner, type OwnerRow } from './owner'
import { noticeWords, type Words } from '../data/words'
import { rangeList } from '../data/ranges'
import { LISTED_SKILL_METRICS, type TestNoise } from '../data/metrics'
import { MAX_THREADS } from '../data/limits'
import type { MetricRow, Split } from './metrics'

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'interrupted' | 'cancelled'

export interface Run extends OwnerRow {
  id: number
  datasetId: number
  sweepId: number | null
  /** The run this one re-runs, if any. */
  parentRunId: number | null
  /** The TrainConfig exactly as submitted (JSON text, not re-serialised). */
  configJson: string
  seed: number
  appVersion: string
  status: RunStatus
  createdAt: number
  startedAt: number | null
  finishedAt: number | null
  /** Why it failed, was interrupted or cancelled, in the CLI's words (the words both share where
   *  `errorApp` is null: every row stored before migration 011). */
  error: string | null
  /** The app's words of `error` where they differ (a Setup field where the CLI's names a config field). */
  errorApp: string | null
  name: string | null
  notes: string | null
  /** The forecast choice of a finished regression run (JSON, migration 004); null otherwise. */
  choiceJson: string | null
  /** The target's range facts of a finished regression run (JSON, migration 005; core/train/domain.ts); null otherwise. */
  rangeJson: string | null
  /** A global run's id columns, cut dates, aggregate scores and skipped series (JSON, migration 006;
   *  core/services/global-run.ts); null for single-series runs. Its series: store.series. */
  globalJson: string | null
  /** A done run's ending, where it ended short and says so (JSON of RunEnding, migration 011;
   *  read back by core/services/run-words.ts); null otherwise. */
  endingJson: string | null
  /** A done single-series run's notices, kept with it (JSON array of Words, migration 013; read back
   *  by core/services/run-words.ts runNotices); null for runs stored before and runs with none. */
  noticesJson: string | null
  /** A done two-class run's threshold chosen on its validation rows (JSON of core/data/threshold.ts
   *  ThresholdChoice, migration 014; read back by core/services/stored-threshold.ts); null for runs
   *  stored before, regression and more than two classes. */
  thresholdJson: string | null
  /** The folder (absolute) that fw train --out named for the run's model.json and predictions.csv,
   *  where fw resume writes them too (migration 015); null for the app's runs and runs stored before. */
  outDir: string | null
  /** A done classification run's classes (JSON of StoredClasses, migration 019; read back by
   *  parseStoredClasses); null for regression, global runs and runs stored before. */
  classesJson: string | null
  /** The threads a sweep's trial trains on in place of its config's 'auto' (its share of the
   *  cores, core/train/sweep.ts trialThreads; migration 020), which a resume of it trains on too;
   *  null for every other run and runs stored before. */
  trialThreads: number | null
}

/** A done classification run's classes as runs.classes_json keeps them (migration 019): its class
 *  names in the order its forecasts index them, and a yes/no target's data file's words for no and
 *  yes (core/data yesNoWords) where it has them. */
export interface StoredClasses {
  names: readonly string[]
  words?: readonly [string, string]
  /** The per-row Brier differences on test against the skill's baseline (core/data TestNoise), for
   *  the verdict's "level"; absent in runs stored before and global runs (today's rule). */
  noise?: TestNoise
}

/** runs.classes_json read back; null where none is kept (regression, global runs, runs stored
 *  before migration 019) or the text is not that shape. */
export function parseStoredClasses(json: string | null): StoredClasses | null {
  if (json === null) return null
  let v: unknown
  try {
    v = JSON.parse(json)
  } catch {
    return null
  }
  if (typeof v !== 'object' || v === null) return null
  const { names, words, noise } = v as { names?: unknown; words?: unknown; noise?: unknown }
  const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((n) => typeof n === 'string')
  if (!strings(names) || names.length < 2) return null
  const kept = storedNoise(noise)
  const more = kept ? { noise: kept } : {}
  if (words === undefined) return { names, ...more }
  return strings(words) && words.length === 2 ? { names, words: [words[0]!, words[1]!], ...more } : null
}

/** A done run's per-row Brier differences on test as kept with it (StoredClasses.noise), for its
 *  verdict's "level" (core/export/verdict.ts verdictOf's noise); null for runs stored before, global
 *  runs, regression and any run not done. */
export function storedTestNoise(run: Pick<Run, 'status' | 'classesJson'>): TestNoise | null {
  return run.status === 'done' ? parseStoredClasses(run.classesJson)?.noise ?? null : null
}

/** StoredClasses.noise read back; undefined where absent or not that shape (the verdict then keeps
 *  today's rule, as for a run stored before). */
function storedNoise(v: unknown): TestNoise | undefined {
  if (typeof v !== 'object' || v === null) return undefined
  const { baseline, mean, se, rows } = v as Record<string, unknown>
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)
  return typeof baseline === 'string' && num(mean) && num(se) && num(rows) ? { baseline, mean, se, rows } : undefined
}

/** How a done run ended short of its epochs: it diverged after good epochs and kept the weights of
 *  epoch `kept` (its best; null in a row migrated without a best checkpoint), with the sentence in
 *  the CLI's words (`message`) and the app's (`app`, where they differ). */
export interface RunEnding extends Words {
  kind: 'diverged'
  kept: number | null
}

/** A run's thread count: an integer from 1 to MAX_THREADS, the limit core/train's config checks
 *  (one constant in core/data/limits.ts, the layer both import). */
function threadCount(field: string, value: unknown): number {
  const n = integer(field, value, 1)
  if (n > MAX_THREADS) throw invalid(field, `must be an integer from 1 to ${MAX_THREADS} (got ${n})`)
  return n
}

export interface RunInput {
  datasetId: number
  configJson: string
  seed: number
  sweepId?: number | null
  parentRunId?: number | null
  name?: string | null
  notes?: string | null
  /** A sweep's trial: its share of the threads (Run.trialThreads). */
  trialThreads?: number | null
}

/** A row of the runs list: the run plus its headline numbers. */
export interface RunSummary extends Run {
  datasetName: string
  epochCount: number
  bestValLoss: number | null
  /** The trained network's test metrics by name (e.g. { rmse: 1.2, mae: 0.9 }); {} until done. */
  testMetrics: Record<string, number | null>
}

/** A row of the runs list as the list reads it (runs.listed): what the app's Runs view and the
 *  `fw runs` table show, and no more. `configJson` holds only the config's fields a list shows
 *  (LISTED_CONFIG: task, target, rule, cell, sizes, window, direct, output mode, series), not the whole config:
 *  open the run (get) for that. `scores` are its validation and test rows of the metrics its skill
 *  is ruled on (LISTED_SKILL_METRICS), not every metric it stored, read when called. */
export interface ListedRun extends OwnerRow, Pick<Run, 'id' | 'datasetId' | 'sweepId' | 'name' | 'notes' | 'status' | 'createdAt' | 'startedAt' | 'finishedAt' | 'error' | 'errorApp' | 'choiceJson' | 'rangeJson' | 'globalJson' | 'endingJson' | 'configJson' | 'classesJson'> {
  datasetName: string
  epochCount: number
  bestValLoss: number | null
  testMetrics: Record<string, number | null>
  scores: () => MetricRow[]
}

/** The config's fields a run list shows, as json_extract paths; json_patch drops the absent ones,
 *  so that the list's `configJson` parses as a config with those fields alone. */
const LISTED_CONFIG = `json_patch('{}', json_object(
    'data', json_object('task', json_extract(r.config_json, '$.data.task'), 'target', json_extract(r.config_json, '$.data.target'), 'rule', json_extract(r.config_json, '$.data.rule'),
      'lookBack', json_extract(r.config_json, '$.data.lookBack'), 'horizon', json_extract(r.config_json, '$.data.horizon'),
      'series', json_extract(r.config_json, '$.data.series'), 'direct', json(r.config_json -> '$.data.direct')),
    'model', json_object('cell', json_extract(r.config_json, '$.model.cell'), 'hiddenSize', json_extract(r.config_json, '$.model.hiddenSize'),
      'outputMode', json_extract(r.config_json, '$.model.outputMode')),
    'training', json_object('warmupSteps', json_extract(r.config_json, '$.training.warmupSteps'))))`

/** A range of run ids, both ends kept (fw rm 3-10). */
export interface IdRange {
  from: number
  to: number
}

/** What removeMany deleted, and per range the ids in it that no longer existed. */
export interface RemovedRuns {
  deleted: number[]
  gone: { range: IdRange; gone: number[] }[]
}

export interface RunFilter {
  datasetId?: number
  sweepId?: number
  status?: RunStatus
  limit?: number
}

/** Ids as the CLI writes them back: three or more in a row as a range ("3-5, 8, 9"). */
export const idList = (ids: readonly number[]): string => rangeList(ids, '-')

/** Which status changes make sense; anything else is a bug in the caller ('invalid'). */
const NEXT: Record<RunStatus, readonly RunStatus[]> = {
  queued: ['running', 'cancelled'],
  running: ['done', 'failed', 'interrupted', 'cancelled'],
  interrupted: ['running', 'failed', 'cancelled'], // running = resumed from its last checkpoint
  cancelled: ['running'],
  failed: [],
  done: []
}

const RUN_COLS = `r.id, r.dataset_id AS datasetId, r.sweep_id AS sweepId, r.parent_run_id AS parentRunId,
  r.config_json AS configJson, r.seed, r.app_version AS appVersion, r.status, r.created_at AS createdAt,
  r.started_at AS startedAt, r.finished_at AS finishedAt, r.error, r.name, r.notes,
  r.owner_host AS ownerHost, r.owner_pid AS ownerPid, r.owner_start AS ownerStart,
  r.owner_instance AS ownerInstance, r.owner_kind AS ownerKind, r.heartbeat_at AS heartbeatAt, r.choice_json AS choiceJson,
  r.range_json AS rangeJson, r.global_json AS globalJson, r.error_app AS errorApp, r.ending_json AS endingJson, r.notices_json AS noticesJson, r.threshold_json AS thresholdJson, r.out_dir AS outDir,
  r.classes_json AS classesJson, r.trial_threads AS trialThreads`

const filterParams = (f: RunFilter) => ({ dataset: f.datasetId ?? null, sweep: f.sweepId ?? null, status: f.status ?? null, limit: f.limit ?? -1 })

export function runsTable(ctx: Ctx, appVersion: string, owner: Owner) {
  const db = ctx.db
  const insert = db.prepare(
    // the next number never given (migration 009): a deleted run's number is not given again
    `INSERT INTO runs (id, dataset_id, sweep_id, parent_run_id, config_json, seed, app_version, status, created_at, name, notes,
       owner_host, owner_pid, owner_start, owner_instance, owner_kind, heartbeat_at, trial_threads)
     VALUES ((SELECT max(last_id, (SELECT coalesce(max(id), 0) FROM runs)) + 1 FROM run_ids WHERE one = 1),
       ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const selectOne = db.prepare<[number], Run>(`SELECT ${RUN_COLS} FROM runs r WHERE r.id = ?`)
  const selectSummaries = db.prepare<
    { dataset: number | null; sweep: number | null; status: string | null; limit: number },
    Omit<RunSummary, 'testMetrics'> & { testMetrics: string | null }
  >(
    `SELECT ${RUN_COLS}, d.name AS datasetName,
       (SELECT count(*) FROM epochs e WHERE e.run_id = r.id) AS epochCount,
       (SELECT min(e.val_loss) FROM epochs e WHERE e.run_id = r.id) AS bestValLoss,
       (SELECT json_group_object(m.metric, m.value) FROM metrics m
         WHERE m.run_id = r.id AND m.split = 'test' AND m.model = 'model') AS testMetrics
     FROM runs r JOIN datasets d ON d.id = r.dataset_id
     WHERE (:dataset IS NULL OR r.dataset_id = :dataset)
       AND (:sweep IS NULL OR r.sweep_id = :sweep)
       AND (:status IS NULL OR r.status = :status)
     ORDER BY r.id DESC LIMIT :limit`
  )
  // the list's rows: no config text beyond LISTED_CONFIG, no notices or threshold (opening a run reads those)
  const selectListed = db.prepare<
    { dataset: number | null; sweep: number | null; status: string | null; limit: number; metrics: string },
    Omit<ListedRun, 'testMetrics' | 'scores'> & { testMetrics: string | null; scoresJson: string }
  >(
    `SELECT r.id, r.dataset_id AS datasetId, r.sweep_id AS sweepId, r.name, r.notes, r.status, r.created_at AS createdAt,
       r.started_at AS startedAt, r.finished_at AS finishedAt, r.error, r.error_app AS errorApp,
       r.owner_host AS ownerHost, r.owner_pid AS ownerPid, r.owner_start AS ownerStart, r.owner_instance AS ownerInstance,
       r.owner_kind AS ownerKind, r.heartbeat_at AS heartbeatAt, r.choice_json AS choiceJson, r.range_json AS rangeJson,
       r.global_json AS globalJson, r.ending_json AS endingJson, r.classes_json AS classesJson, ${LISTED_CONFIG} AS configJson, d.name AS datasetName,
       (SELECT count(*) FROM epochs e WHERE e.run_id = r.id) AS epochCount,
       (SELECT min(e.val_loss) FROM epochs e WHERE e.run_id = r.id) AS bestValLoss,
       (SELECT json_group_object(m.metric, m.value) FROM metrics m
         WHERE m.run_id = r.id AND m.split = 'test' AND m.model = 'model') AS testMetrics,
       -- the rows its skill is ruled on, as JSON text parsed only where the rule reads them (one
       -- string per run: a row object per metric costs the list more than the whole query)
       (SELECT json_group_array(json_array(m.split, m.model, m.metric, m.value)) FROM metrics m
         WHERE m.run_id = r.id AND m.split IN ('val', 'test') AND m.metric IN (SELECT value FROM json_each(:metrics))) AS scoresJson
     FROM runs r JOIN datasets d ON d.id = r.dataset_id
     WHERE (:dataset IS NULL OR r.dataset_id = :dataset)
       AND (:sweep IS NULL OR r.sweep_id = :sweep)
       AND (:status IS NULL OR r.status = :status)
     ORDER BY r.id DESC LIMIT :limit`
  )
  const setStatus = db.prepare(
    `UPDATE runs SET status = :to,
       started_at = CASE WHEN :to = 'running' THEN coalesce(started_at, :now) ELSE started_at END,
       finished_at = CASE WHEN :to = 'running' THEN NULL ELSE :now END,
       error = CASE WHEN :to = 'running' THEN NULL ELSE :error END,
       error_app = CASE WHEN :to = 'running' THEN NULL ELSE :errorApp END,
       owner_host = CASE WHEN :to = 'running' THEN :host ELSE owner_host END,
       owner_pid = CASE WHEN :to = 'running' THEN :pid ELSE owner_pid END,
       owner_start = CASE WHEN :to = 'running' THEN :start ELSE owner_start END,
       owner_instance = CASE WHEN :to = 'running' THEN :instance ELSE owner_instance END,
       owner_kind = CASE WHEN :to = 'running' THEN :kind ELSE owner_kind END,
       heartbeat_at = CASE WHEN :to = 'running' THEN :now ELSE heartbeat_at END
     WHERE id = :id`
  )
  // The owner stamp is part of the condition, so a run that changed hands in between is left alone.
  // A queued run never started, so it has nothing to resume from: it becomes cancelled (which
  // fw resume starts from the beginning) instead of interrupted.
  const recoverIfStale = db.prepare(
    `UPDATE runs SET status = CASE status WHEN 'queued' THEN 'cancelled' ELSE 'interrupted' END, error = :error, error_app = NULL, finished_at = :now
     WHERE id = :id AND status IN ('queued', 'running') AND owner_instance IS :instance AND heartbeat_at IS :heartbeat`
  )
  const selectLive = db.prepare<[], Pick<Run, 'id' | 'status' | 'heartbeatAt' | 'ownerHost' | 'ownerPid' | 'ownerStart' | 'ownerInstance' | 'ownerKind'>>(
    `SELECT id, status, heartbeat_at AS heartbeatAt, owner_host AS ownerHost, owner_pid AS ownerPid, owner_start AS ownerStart,
       owner_instance AS ownerInstance, owner_kind AS ownerKind FROM runs WHERE status IN ('queued', 'running')`
  )
  const beat = db.prepare<[number, string]>(`UPDATE runs SET heartbeat_at = ? WHERE status IN ('queued', 'running') AND owner_instance = ?`)
  const beatOne = db.prepare<[number, number, string]>(`UPDATE runs SET heartbeat_at = ? WHERE id = ? AND status = 'running' AND owner_instance = ?`)
  const interruptAll = db.prepare<[string, number]>(
    `UPDATE runs SET status = 'interrupted', error = ?, error_app = NULL, finished_at = ? WHERE status = 'running' RETURNING id`
  )
  const updateChoice = db.prepare<[string | null, number]>('UPDATE runs SET choice_json = ? WHERE id = ?')
  const updateRange = db.prepare<[string | null, number]>('UPDATE runs SET range_json = ? WHERE id = ?')
  const updateGlobal = db.prepare<[string | null, number]>('UPDATE runs SET global_json = ? WHERE id = ?')
  const updateEnding = db.prepare<[string | null, number]>('UPDATE runs SET ending_json = ? WHERE id = ?')
  const updateNotices = db.prepare<[string | null, number]>('UPDATE runs SET notices_json = ? WHERE id = ?')
  const updateThreshold = db.prepare<[string, number]>('UPDATE runs SET threshold_json = ? WHERE id = ?')
  const updateClasses = db.prepare<[string, number]>('UPDATE runs SET classes_json = ? WHERE id = ?')
  const updateOutDir = db.prepare<[string, number]>('UPDATE runs SET out_dir = ? WHERE id = ?')
  const upsertGlobalModel = db.prepare<[number, string]>('INSERT INTO global_models (run_id, model_json) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET model_json = excluded.model_json')
  const selectGlobalModel = db.prepare<[number], { json: string }>('SELECT model_json AS json FROM global_models WHERE run_id = ?')
  // :setName / :setNotes 0 leaves that field as it is (a null value clears it)
  const updateLabels = db.prepare(
    'UPDATE runs SET name = CASE WHEN :setName THEN :name ELSE name END, notes = CASE WHEN :setNotes THEN :notes ELSE notes END WHERE id = :id'
  )
  const remove = db.prepare('DELETE FROM runs WHERE id = ?')
  const idsBetween = db.prepare('SELECT id FROM runs WHERE id BETWEEN ? AND ? ORDER BY id')

  function liveElsewhere(id: number): string | null {
    const r = read(ctx, () => selectOne.get(id))
    if (r === undefined || (r.status !== 'running' && r.status !== 'queued') || r.ownerInstance === owner.instance) return null
    if (ownerGone(r, owner, now()) !== null) return null
    const what = r.status === 'running' ? 'is being trained' : 'is queued to train'
    return `run ${id} ${what} by another process (${describeOwner(r, owner.host)}); stop it there first, or wait for it to finish`
  }

  function get(id: number): Run {
    const run = read(ctx, () => selectOne.get(id))
    if (run === undefined) throw notFound(`run ${id}`)
    return run
  }

  function create(input: RunInput): number {
    const t = now()
    const p = [
      integer('run.datasetId', input.datasetId, 1),
      input.sweepId == null ? null : integer('run.sweepId', input.sweepId, 1),
      input.parentRunId == null ? null : integer('run.parentRunId', input.parentRunId, 1),
      jsonText('run.configJson', input.configJson),
      integer('run.seed', input.seed),
      appVersion,
      t,
      textOrNull('run.name', input.name),
      textOrNull('run.notes', input.notes),
      // the process that queues a run owns it until it starts, so a queue left by a dead process is found
      owner.host, owner.pid, owner.start, owner.instance, owner.kind, t,
      input.trialThreads == null ? null : threadCount('run.trialThreads', input.trialThreads)
    ]
    return write(ctx, 'run', 'NORMAL', () => {
      try {
        return Number(insert.run(...p).lastInsertRowid)
      } catch (e) {
        if (isSqliteCode(e, 'SQLITE_CONSTRAINT_FOREIGNKEY')) {
          throw new StoreError('not-found', `dataset ${p[0]}${p[1] === null ? '' : ` or sweep ${p[1]}`} not found`)
        }
        throw e
      }
    })
  }

  /** Deletes every run of `ids` and every run that exists in each of `ranges` (both ends kept) in
   *  one transaction, or none: an id named alone that is missing, a range that holds no run at all,
   *  or a run another live process trains refuses them all, naming it (as remove does for one).
   *  Returns the ids deleted and, per range, the ids in it that were already gone. */
  function removeMany(ids: readonly number[], ranges: readonly IdRange[] = []): RemovedRuns {
    return write(ctx, 'run deletion', 'NORMAL', () => {
      const inRanges = ranges.map((r) => ({ range: r, present: (idsBetween.all(r.from, r.to) as { id: number }[]).map((x) => x.id) }))
      const empty = inRanges.filter((r) => !r.present.length).map((r) => `${r.range.from}-${r.range.to}`)
      const named = new Set(ids)
      const targets = [...new Set([...ids, ...inRanges.flatMap((r) => r.present)])]
      // every missing id named alone is said, not only the first: the transaction rolls back, so none goes
      const missing: number[] = []
      for (const id of targets) {
        const held = liveElsewhere(id)
        if (held) throw new StoreError('in-use', held)
        if (remove.run(id).changes === 0 && named.has(id)) missing.push(id)
      }
      const said = [
        ...(missing.length ? [`${missing.length === 1 ? `run ${missing[0]}` : `runs ${idList(missing)}`} not found`] : []),
        ...(empty.length ? [`no run found in ${empty.length === 1 ? 'range' : 'ranges'} ${empty.join(', ')}`] : [])
      ]
      if (said.length) throw new StoreError('not-found', said.join('; '))
      return {
        deleted: targets.sort((a, b) => a - b),
        gone: inRanges.map(({ range, present }) => {
          const there = new Set(present)
          const gone: number[] = []
          for (let id = range.from; id <= range.to; id++) if (!there.has(id) && !named.has(id)) gone.push(id)
          return { range, gone }
        }).filter((g) => g.gone.length)
      }
    })
  }

  return {
    create,
    get,

    /** Newest first, with epoch count, best validation loss and the network's test metrics. */
    list(filter: RunFilter = {}): RunSummary[] {
      const rows = read(ctx, () => selectSummaries.all(filterParams(filter)))
      return rows.map((r) => ({ ...r, testMetrics: JSON.parse(r.testMetrics ?? '{}') as Record<string, number | null> }))
    },

    /** The runs list as a list shows it (ListedRun): newest first, in one read, without the
     *  stored texts only an opened run needs. */
    listed(filter: RunFilter = {}): ListedRun[] {
      const rows = read(ctx, () => selectListed.all({ ...filterParams(filter), metrics: JSON.stringify(LISTED_SKILL_METRICS) }))
      return rows.map(({ scoresJson, ...r }) => ({
        ...r,
        testMetrics: JSON.parse(r.testMetrics ?? '{}') as Record<string, number | null>,
        scores: () => (JSON.parse(scoresJson) as [Split, string, string, number | null][]).map(([split, model, metric, value]) => ({ split, model, metric, value }))
      }))
    },

    /** Stores the run's forecast choice (JSON text; null clears it). Call inside finishRun's transaction. */
    setChoice(id: number, choiceJson: string | null): void {
      write(ctx, 'run choice', 'NORMAL', () => {
        if (updateChoice.run(choiceJson === null ? null : jsonText('run.choice', choiceJson), id).changes === 0) throw notFound(`run ${id}`)
      })
    },

    /** Stores the run's target range facts (JSON text; null clears them). Call inside finishRun's transaction. */
    setRange(id: number, rangeJson: string | null): void {
      write(ctx, 'run range', 'NORMAL', () => {
        if (updateRange.run(rangeJson === null ? null : jsonText('run.range', rangeJson), id).changes === 0) throw notFound(`run ${id}`)
      })
    },

    /** Stores a global run's summary (JSON text; null clears it). Call inside finishRun's transaction. */
    setGlobal(id: number, globalJson: string | null): void {
      write(ctx, 'run global', 'NORMAL', () => {
        if (updateGlobal.run(globalJson === null ? null : jsonText('run.global', globalJson), id).changes === 0) throw notFound(`run ${id}`)
      })
    },

    /** Stores a done run's ending (null clears it). Call inside finishRun's transaction. */
    setEnding(id: number, ending: RunEnding | null): void {
      const json = ending === null ? null : jsonText('run.ending', JSON.stringify(ending))
      write(ctx, 'run ending', 'NORMAL', () => {
        if (updateEnding.run(json, id).changes === 0) throw notFound(`run ${id}`)
      })
    },

    /** Stores a done run's notices (none: null). Call inside finishRun's transaction. */
    setNotices(id: number, notices: readonly Words[]): void {
      const json = notices.length ? jsonText('run.notices', JSON.stringify(notices.map(noticeWords))) : null
      write(ctx, 'run notices', 'NORMAL', () => {
        if (updateNotices.run(json, id).changes === 0) throw notFound(`run ${id}`)
      })
    },

    /** Stores a done two-class run's threshold chosen on validation (JSON text). Call inside finishRun's transaction. */
    setThreshold(id: number, thresholdJson: string): void {
      const json = jsonText('run.threshold', thresholdJson)
      write(ctx, 'run threshold', 'NORMAL', () => {
        if (updateThreshold.run(json, id).changes === 0) throw notFound(`run ${id}`)
      })
    },

    /** Stores a done classification run's class names, in its forecasts' order, and a yes/no
     *  target's words. Call inside finishRun's transaction. */
    setClasses(id: number, classes: StoredClasses): void {
      if (parseStoredClasses(JSON.stringify(classes)) === null) throw new StoreError('invalid', `run.classes: class names and at most two words, got ${JSON.stringify(classes)}`, { field: 'run.classes' })
      if (classes.noise !== undefined && storedNoise(classes.noise) === undefined) throw new StoreError('invalid', `run.classes.noise: a baseline and finite mean, se and rows, got ${JSON.stringify(classes.noise)}`, { field: 'run.classes.noise' })
      const json = jsonText('run.classes', JSON.stringify({ names: classes.names, ...(classes.words ? { words: classes.words } : {}), ...(classes.noise ? { noise: classes.noise } : {}) }))
      write(ctx, 'run classes', 'NORMAL', () => {
        if (updateClasses.run(json, id).changes === 0) throw notFound(`run ${id}`)
      })
    },

    /** The folder (an absolute path) the run's model.json and predictions.csv are written to: set
     *  when fw train records the run, and by fw resume --out. */
    setOutDir(id: number, dir: string): void {
      const text = textOrNull('run.outDir', dir)
      if (text === null || !isAbsolute(text)) throw new StoreError('invalid', `run.outDir: an absolute path, got '${dir}'`, { field: 'run.outDir' })
      write(ctx, 'run output folder', 'NORMAL', () => {
        if (updateOutDir.run(text, id).changes === 0) throw notFound(`run ${id}`)
      })
    },

    /** Stores a global run's model file (JSON text, kept byte for byte: migration 008). Call inside finishRun's transaction. */
    setGlobalModel(id: number, modelJson: string): void {
      const json = jsonText('run.globalModel', modelJson)
      write(ctx, 'run global model', 'NORMAL', () => {
        get(id) // not-found before the foreign key's raw error
        upsertGlobalModel.run(id, json)
      })
    },

    /** A global run's model file as stored; null for other runs and for global runs stored before migration 008. */
    globalModel(id: number): string | null {
      return read(ctx, () => selectGlobalModel.get(id))?.json ?? null
    },

    /** Moves a run along its lifecycle; an impossible change (e.g. done -> running) is 'invalid'.
     *  `error`: why it stopped, as text (the same in both front ends) or in both wordings. */
    transition(id: number, to: RunStatus, error: string | Words | null = null, durability: 'NORMAL' | 'FULL' = 'NORMAL'): void {
      const words = typeof error === 'string' ? { message: error } : error
      write(ctx, 'run status', durability, () => {
        const from = get(id).status
        if (!NEXT[from].includes(to)) {
          throw new StoreError('invalid', `run ${id} is ${from} and cannot become ${to}`, { field: 'status' })
        }
        setStatus.run({ id, to, now: now(), error: words?.message ?? null, errorApp: words?.app !== undefined && words.app !== words.message ? words.app : null, host: owner.host, pid: owner.pid, start: owner.start, instance: owner.instance, kind: owner.kind })
      })
    },

    /**
     * At startup: runs still 'running' belong to a process that died (main is the only writer),
     * so they become 'interrupted' with `reason`. Returns their ids.
     */
    recoverInterrupted(reason: string): number[] {
      return write(ctx, 'recovery', 'FULL', () => interruptAll.all(reason, now()).map((r) => (r as { id: number }).id))
    },

    /**
     * On opening the database, in any process: a running run whose owner is provably gone
     * (owner.ts: `ownerGone`) becomes interrupted, resumable, with the reason; a queued one becomes
     * cancelled. Runs that another live process trains or queues are never touched. Returns the
     * ids it marked.
     */
    recoverStale(at = now()): number[] {
      if (ctx.readonly) return []
      const gone = () => read(ctx, () => selectLive.all()).flatMap((r) => {
        const why = ownerGone(r, owner, at)
        return why === null ? [] : [{ ...r, why }]
      })
      if (gone().length === 0) return [] // the common case takes no write lock
      return write(ctx, 'recovery', 'FULL', () =>
        gone().filter((r) => {
          const error = r.status === 'queued' ? `cancelled before it started: ${r.why}` : `interrupted: ${r.why}`
          return recoverIfStale.run({ id: r.id, error, now: at, instance: r.ownerInstance, heartbeat: r.heartbeatAt }).changes === 1
        }).map((r) => r.id)
      )
    },

    /**
     * Marks this store's running runs (or just `id`) as alive now. Returns how many rows it
     * touched: 0 for a single run means it is no longer this store's to train (finished, or
     * marked interrupted by another process that took this one for dead).
     */
    heartbeat(id?: number): number {
      if (ctx.readonly) return 0
      return write(ctx, 'heartbeat', 'NORMAL', () => (id === undefined ? beat.run(now(), owner.instance) : beatOne.run(now(), id, owner.instance)).changes)
    },

    /** Sets the user's name and/or notes: undefined leaves a field as it is; null or a blank text
     *  (only spaces) clears it, and a run with no name is shown by its automatic name. */
    label(id: number, labels: { name?: string | null; notes?: string | null }): void {
      const blankToNull = (v: string | null) => (v !== null && v.trim() === '' ? null : v)
      const name = blankToNull(textOrNull('run.name', labels.name))
      const notes = blankToNull(textOrNull('run.notes', labels.notes))
      const p = { id, name, notes, setName: labels.name === undefined ? 0 : 1, setNotes: labels.notes === undefined ? 0 : 1 }
      write(ctx, 'run notes', 'NORMAL', () => {
        if (updateLabels.run(p).changes === 0) throw notFound(`run ${id}`)
      })
    },

    /**
     * Deletes the run and (by cascade) its epochs, checkpoints, metrics and forecasts. A run that
     * another live process trains or has queued is refused ('in-use', naming that process), as
     * resuming it is: deleting it under its owner would kill that training with 'run not found'.
     * This store's own runs are its caller's to stop first (the app's trainer host knows them).
     */
    remove(id: number): void {
      removeMany([id])
    },

    removeMany,

    /** A new queued run with the same dataset, config text and seed; returns its id. */
    rerun(id: number): number {
      return write(ctx, 'run', 'NORMAL', () => {
        const src = get(id)
        return create({ datasetId: src.datasetId, configJson: src.configJson, seed: src.seed, parentRunId: src.id, sweepId: src.sweepId })
      })
    }
  }
}

export type RunsTable = ReturnType<typeof runsTable>
