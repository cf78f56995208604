// What a file is, from its first bytes, for what takes one kind of file: a CSV given as the run
// database or a model is said to be a CSV, before it is opened as a database (SQLite called it
// damaged) or parsed as a model (a JSON or protobuf parse error). The CLI, browser mode and the
// app's main process all say it in these words.
import { closeSync, openSync, readSync, statSync } from 'node:fs'

/** SQLite's file header, the first 16 bytes of every database file. */
const SQLITE_MAGIC = 'SQLite format 3\u0000'

export type FileKind = 'sqlite' | 'json' | 'csv' | 'text' | 'binary'

/** The first `n` bytes of `path` (fewer for a shorter file). */
function head(path: string, n = 1024): Uint8Array {
  const buf = new Uint8Array(n)
  const fd = openSync(path, 'r')
  try {
    return buf.subarray(0, readSync(fd, buf, 0, n, 0))
  } finally {
    closeSync(fd)
  }
}

/** What a file's beginning looks like: its first line when it is text, its first bytes (hex) when
 *  it is not, so that a message can show what the file holds instead of only what it is not. */
export interface FileHead {
  kind: FileKind
  firstLine: string
  /** Binary only: its first 8 bytes as hex, "0d 6e cf 30 …". */
  firstBytes?: string
}

/** The number of leading bytes a binary file is shown by. */
const SHOWN_BYTES = 8

/** What `bytes`, a file's beginning, look like, and its first line when it is text. */
export function kindOf(bytes: Uint8Array): FileHead {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  if (text.startsWith(SQLITE_MAGIC)) return { kind: 'sqlite', firstLine: '' }
  // text: no control characters but tab and line ends, no bytes that are not UTF-8 (a cut last
  // character aside)
  const body = text.replace(/^\uFEFF/, '').replace(/\uFFFD{1,3}$/, '')
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/.test(body)) {
    const shown = [...bytes.subarray(0, SHOWN_BYTES)].map((b) => b.toString(16).padStart(2, '0')).join(' ')
    return { kind: 'binary', firstLine: '', firstBytes: bytes.length > SHOWN_BYTES ? `${shown} …` : shown }
  }
  const firstLine = body.split(/\r\n|\r|\n/, 1)[0]!.trim()
  if (/^[{[]/.test(body.trimStart())) return { kind: 'json', firstLine }
  return { kind: /[,;\t]/.test(firstLine) ? 'csv' : 'text', firstLine }
}

/** What the file at `path` is: null when it does not exist, is not a file, or is empty. */
export function fileKind(path: string): FileHead | null {
  const st = statSync(path, { throwIfNoEntry: false })
  return st && st.isFile() && st.size > 0 ? kindOf(head(path)) : null
}

/** "it looks like a CSV (first line: …)", for a message about a file of another kind than asked. */
export function looksLike(k: FileHead): string {
  const line = k.firstLine.length > 60 ? `${k.firstLine.slice(0, 60)}…` : k.firstLine
  if (k.kind === 'csv') return `it looks like a CSV; its first line is ${JSON.stringify(line)}`
  if (k.kind === 'json') return 'it is JSON'
  if (k.kind === 'sqlite') return 'it is an SQLite database, such as the run database'
  if (k.kind === 'text') return `it is text; its first line is ${JSON.stringify(line)}`
  // an Excel workbook is the one binary file an analyst is likely to name by mistake
  if (k.firstBytes?.startsWith('50 4b 03 04')) return 'it is a ZIP archive, such as an Excel workbook, not an SQLite database'
  return `it is not an SQLite database, nor text: it starts with the bytes ${k.firstBytes ?? '(none read)'}`
}
