// Writing a user's file, for the CLI and main alike (Node only): whole or not at all, and a file
// system's refusal said as a sentence naming the file, not as an errno.
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

/** Why the file system refused to write a file, in words; null for an error that is not a refusal. */
const REFUSALS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file would be larger than this system allows one file to be',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a folder above it is a file',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'its name is too long',
  // mkdir or open under a folder that exists (/proc): the file system takes nothing new there
  ENOENT: 'the folder it goes in takes no new files or folders',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EEXIST: 'permission denied'
}

/** The file system's refusal `code` in words (REFUSALS); undefined for a code that is not one. */
export const refusalWords = (code: string | undefined): string | undefined => (code ? REFUSALS[code] : undefined)

/** A refusal to write, naming the file asked for (not a temporary one beside it). */
export class WriteRefused extends Error {
  override name = 'WriteRefused'
  constructor(readonly path: string, readonly code: string, options?: ErrorOptions) {
    super(`cannot write ${path}: ${REFUSALS[code]}`, options)
  }
}

/** Writes via a temporary file and a rename, so a crash or a full disk never leaves half a file;
 *  throws WriteRefused for the file system's refusals. A pipe, terminal or device (/dev/stdout) is
 *  written to as it is: a rename would replace it with a file (or fail in a folder such as /dev). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const full = resolve(path)
  const tmp = `${full}.tmp-${process.pid}`
  try {
    const st = statSync(full, { throwIfNoEntry: false })
    if (st && !st.isFile() && !st.isDirectory()) return void writeFileSync(full, data)
    makeFolders(dirname(full))
    writeFileSync(tmp, data)
    renameSync(tmp, full)
  } catch (e) {
    try {
      rmSync(tmp, { force: true })
    } catch {
      // nothing was written there (its folder is a file, or was never made)
    }
    throw refusalOf(path, e)
  }
}

/** A file system error `e` met writing `path`: a WriteRefused naming it where it is a refusal
 *  (REFUSALS), else `e` itself. */
export function refusalOf(path: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException).code
  return code && code in REFUSALS ? new WriteRefused(path, code, { cause: e }) : e
}

/** Makes `dir` and the folders above it that are absent, one level at a time: Node 20's
 *  mkdirSync(dir, { recursive: true }) loops for ever where mkdir answers ENOENT under a folder that
 *  exists (/proc/nope/x), so a refusal must come from one plain mkdir. */
function makeFolders(dir: string): void {
  const absent: string[] = []
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) absent.unshift(d)
  for (const d of absent) {
    try {
      mkdirSync(d)
    } catch (e) {
      // made meanwhile by another process: fine if it is a folder
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw e
    }
  }
}
