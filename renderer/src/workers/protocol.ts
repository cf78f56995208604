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
