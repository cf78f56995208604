// A run's stored words read back for either front end (migration 011): a failed, interrupted or
// cancelled run's cause (runs.error, and runs.error_app where the app's words differ) and a done
// run's ending (runs.ending_json). Each front end shows its own: the CLI `message`, the app
// appWords (core/data/words.ts). Rows stored before keep the one wording they were stored in.
import type { Run, RunEnding } from '../store'
import { appWords, type Words } from '../data/words'
import type { EndingSummary } from '../export/ending'
import { divergedAppText, type Divergence } from '../train/diverged'
import { weekCalendarNote } from '../train/season'

/** Why the run stopped short of done, in both wordings; null where nothing was stored. A cause
 *  stored in the CLI's words alone (fw train before it kept both) gets the app's where they can be
 *  told (a divergence's fixes: divergedAppText), so that the app names no flag of fw's. */
export function runError(run: Pick<Run, 'error' | 'errorApp'>): Words | null {
  if (run.error === null) return null
  if (run.errorApp !== null) return { message: run.error, app: run.errorApp }
  const app = divergedAppText(run.error)
  return app === run.error ? { message: run.error } : { message: run.error, app }
}

/** What the store keeps of a run that diverged after good epochs: the sentence in both wordings and
 *  the epoch whose weights it kept (its best). */
export function divergedEnding(diverged: Divergence, kept: number): RunEnding {
  return { kind: 'diverged', kept, message: diverged.words.message, ...(diverged.words.app !== undefined ? { app: diverged.words.app } : {}) }
}

/** A done run's stored ending, checked field by field: null where none was stored, and where the
 *  row is not one this app wrote (a damaged or foreign row reads as no ending, not a broken view). */
export function runEnding(run: Pick<Run, 'endingJson'>): RunEnding | null {
  if (run.endingJson === null) return null
  let e: unknown
  try {
    e = JSON.parse(run.endingJson)
  } catch {
    return null
  }
  if (typeof e !== 'object' || e === null) return null
  const { kind, kept, message, app } = e as Record<string, unknown>
  if (kind !== 'diverged' || typeof message !== 'string') return null
  if (kept !== null && !(typeof kept === 'number' && Number.isInteger(kept) && kept >= 0)) return null
  return { kind, kept, message, ...(typeof app === 'string' ? { app } : {}) }
}

/** A done run's ending as a run list and the report show it, in the app's words or the CLI's. */
export function endingSummary(run: Pick<Run, 'endingJson'>, who: 'app' | 'cli'): EndingSummary | null {
  const e = runEnding(run)
  return e && { kind: e.kind, kept: e.kept, words: who === 'app' ? appWords(e) : e.message }
}

/** A run's stored notices (runs.notices_json, migration 013), both wordings, as stored; none where
 *  none were stored, and where the row is not one this app wrote (a damaged or foreign entry is
 *  left out, not a broken view). */
export function storedNotices(json: string | null): Words[] {
  if (json === null) return []
  let list: unknown
  try {
    list = JSON.parse(json)
  } catch {
    return []
  }
  if (!Array.isArray(list)) return []
  return list.flatMap((n: unknown) => {
    if (typeof n !== 'object' || n === null) return []
    const { message, app } = n as Record<string, unknown>
    if (typeof message !== 'string') return []
    return [typeof app === 'string' ? { message, app } : { message }]
  })
}

/** A done run's stored notices (storedNotices) in one front end's words, each as stored (no
 *  capital, no stop). */
export function runNotices(run: Pick<Run, 'noticesJson'>, who: 'app' | 'cli'): string[] {
  return storedNotices(run.noticesJson).map((n) => (who === 'app' && n.app !== undefined ? n.app : n.message))
}

/** Whether a stored run kept the note that its calendar was on by default (weekCalendarNote), as
 *  its start said: a run trained again with its settings (the app's Re-run) says it too. */
export function keptCalendarByDefault(run: Pick<Run, 'noticesJson'>): boolean {
  return runNotices(run, 'cli').includes(weekCalendarNote().message)
}

/** Run `runId`, just stored at its start (the app's start or trial, fw train's): where its calendar
 *  is the front end's untouched default (Setup's word, fw train's flags), it keeps the note from
 *  now, so that a run stopped before its end (cancelled, killed) keeps it for its Resume, and its
 *  end keeps it again (withCalendarNote, by the store sink): the trainer is never told. */
export function keepCalendarNote(runs: { setNotices(id: number, notices: readonly Words[]): void }, runId: number, byDefault: boolean): number {
  if (byDefault) runs.setNotices(runId, [weekCalendarNote()])
  return runId
}

/** A run's training `result` with the calendar note last among its notices where `byDefault` (the
 *  run kept it from its start: keptCalendarByDefault; fw train's flags): its end writes the run's
 *  notices again, and would otherwise drop the note its start kept; `result` itself otherwise. */
export function withCalendarNote<R extends { notices?: Words[] }>(result: R, byDefault: boolean): R {
  if (!byDefault) return result
  const note = weekCalendarNote()
  return { ...result, notices: [...(result.notices ?? []).filter((n) => n.message !== note.message), note] }
}
