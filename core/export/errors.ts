// Typed errors of the export module. Messages name the file and the field so the CLI and the UI
// can show them verbatim.

import { andList } from '../data/words'
import { prefixed, type Words } from '../data/words'

/** A bad export request, e.g. scaling vectors of the wrong length. `field` is the option's path. */
export class ExportError extends Error {
  readonly field: string
  constructor(field: string, problem: string) {
    super(`${field} ${problem}`)
    this.name = 'ExportError'
    this.field = field
  }
}

/** An .onnx file that cannot be read back: not ours, damaged, or from a newer app. */
export class ModelImportError extends Error {
  readonly file: string
  readonly field: string
  /** The app's words where they differ from the message (the CLI's): core/data/words.ts. */
  readonly app?: string
  constructor(file: string, field: string, problem: string | Words) {
    const w = prefixed(`${file}: ${field} `, problem)
    super(w.message)
    if (w.app !== undefined) this.app = w.app
    this.name = 'ModelImportError'
    this.file = file
    this.field = field
  }
}

/** Columns a model needs that the new data does not have. */
export class MissingFeaturesError extends Error {
  readonly missing: string[]
  constructor(source: string, missing: string[]) {
    super(`${source} lacks the column${missing.length > 1 ? 's' : ''} the model was trained on: ${andList(missing.map((m) => `'${m}'`))}`)
    this.name = 'MissingFeaturesError'
    this.missing = missing
  }
}
