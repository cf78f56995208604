// Messages between the Data view and the CSV import worker.
import type { Dataset, ImportOptions } from '../../../core/data/types'

export type ImportRequest = { type: 'import'; source: File | string; options: ImportOptions }

export type ImportReply =
  | { type: 'progress'; records: number; chars: number; totalChars: number }
  | { type: 'done'; dataset: Dataset; seconds: number }
  | { type: 'error'; error: { name: string; code: string; message: string; line?: number; row?: number; column?: string; choices?: string[] } }
