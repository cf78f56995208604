// Main's side of finding the classes of a run listed without them (listed-skill.ts
// findRunClassesApart): preparing the run again to read them takes seconds on a large file. The
// fitting is done on a thread of its own (apart-thread.ts), started from the export worker's file,
// so that an export under way is neither waited for nor cancelled.
import { ApartThread } from './apart-thread'
import { fittedRunTarget, type RunTargetInput, type StoredRunTarget } from './run-export'

/** main -> export-worker.ts: fit the classes of one run. */
export interface ClassesRequest { id: number; fit: RunTargetInput }

export class ListedClassesThread {
  private readonly apart: ApartThread<Omit<ClassesRequest, 'id'>>

  /** @param workerFile the built export-worker.js; undefined fits on the calling thread. */
  constructor(workerFile?: string) {
    this.apart = new ApartThread(workerFile, 'the classes thread', 'the run\'s classes were read')
  }

  /** The classes `input` gives (fittedRunTarget), fitted on the thread. */
  fit(input: RunTargetInput): Promise<StoredRunTarget | null> {
    return this.apart.ask({ fit: input }, () => fittedRunTarget(input))
  }

  /** Ends the thread; a fitting under way rejects. */
  close(): Promise<void> {
    return this.apart.close()
  }
}
