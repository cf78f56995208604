// Messages between the Data view and the CSV import worker.
import type { ClockRule } from '../../../core/data/clock-rule'
import type { Dataset, ImportOptions } from '../../../core/data/types'
import type { FarValues } from '../../../core/train/far-values'
import type { DatasetSummary } from '../lib/summary'

export type ImportRequest =
  | { type: 'import'; source: File | string; options: ImportOptions }
  /** A dataset already in the page (e.g. loaded from the store): its summary only. */
  | { type: 'summarise'; dataset: Dataset }
  /** Read and summarise a small generated CSV, so the next import runs compiled code (warm-up.ts). */
  | { type: 'warm' }
  /** The values of one series (rows in time order) far from the rest (core/train/far-values.ts);
   *  clock: the rule the time column's offsets follow (DateColumn.clock), null where none. */
  | { type: 'far'; values: Float64Array; time: Float64Array | null; clock: ClockRule | null; stepIndex: boolean }

export type ImportReply =
  | { type: 'progress'; records: number; chars: number; totalChars: number }
  | { type: 'done'; dataset: Dataset; summary: DatasetSummary; seconds: number }
  | { type: 'summary'; summary: DatasetSummary }
  | { type: 'far'; far: FarValues | null }
  | { type: 'warm'; seconds: number }
  | { type: 'error'; error: { name: string; code: string; message: string; line?: number; row?: number; column?: string; value?: string; choices?: string[] } }

/** The worker's answer to an import that threw `err`: its name, code and message, and whichever of
 *  line, row, column, value and choices it carries (the Data view places the refusal and offers its
 *  answers from them). */
export function errorReply(err: unknown): Extract<ImportReply, { type: 'error' }> {
  const x = err as Error & { code?: string; line?: number; row?: number; column?: string; value?: string; choices?: string[] }
  return {
    type: 'error',
    error: {
      name: x?.name ?? 'Error',
      code: x?.code ?? 'failed',
      message: x?.message ?? String(err),
      ...(x?.line !== undefined ? { line: x.line } : {}),
      ...(x?.row !== undefined ? { row: x.row } : {}),
      ...(x?.column !== undefined ? { column: x.column } : {}),
      ...(x?.value !== undefined ? { value: x.value } : {}),
      ...(x?.choices ? { choices: x.choices } : {})
    }
  }
}
