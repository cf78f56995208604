import fs from 'node:fs'

/**
 * Helpers for the 'damaged' offer. The damaged file is only ever renamed, never overwritten or
 * deleted: whatever can be saved from it stays possible.
 */

const SIDECARS = ['', '-wal', '-shm'] as const

/** A path beside `file` where its damaged copy can go; never an existing file. */
export function backupPath(file: string, at: Date = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')
  for (let n = 0; ; n++) {
    const candidate = `${file}.damaged-${stamp}${n === 0 ? '' : `-${n}`}`
    if (SIDECARS.every((s) => !fs.existsSync(candidate + s))) return candidate
  }
}

/**
 * 'new-database': moves the damaged file (and its -wal/-shm) aside so openStore(file) creates a
 * fresh database. Returns where the damaged file went.
 */
export function startFresh(file: string, at: Date = new Date()): string {
  const dest = backupPath(file, at)
  for (const s of SIDECARS) {
    if (fs.existsSync(file + s)) fs.renameSync(file + s, dest + s)
  }
  return dest
}
