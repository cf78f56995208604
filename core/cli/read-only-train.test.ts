// fw train on a run database it cannot write is refused before the CSV is read and the data
// prepared (it read and prepared all of it, then said "read-only database: FILE" at the run's
// start), naming the file and why. A read-only file system is simulated (EROFS from access(2)):
// root passes every permission check, and a mount is not for tests.
import fs, { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openStore } from '../store'
import { fw } from './test-fixtures/fw'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('fw train on a database it cannot write', () => {
  it('is refused first, naming the file and why, with nothing read or trained', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-ro-train-'))
    const db = join(dir, 'runs.db')
    openStore(db, { appVersion: 'test' }).close()
    const csv = join(dir, 'f.csv')
    writeFileSync(csv, 'date,y\n' + Array.from({ length: 60 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${i % 7}`).join('\n') + '\n')
    const access = fs.accessSync
    vi.spyOn(fs, 'accessSync').mockImplementation((path, mode) => {
      if (path === db && mode === fs.constants.W_OK) throw Object.assign(new Error(`EROFS: read-only file system, access '${db}'`), { code: 'EROFS' })
      return access(path, mode)
    })
    const refused = `fw train: ${db} is on a read-only file system: the run database cannot be written, so nothing was read or trained; give one you can write (--db FILE or FW_DB), or --no-db\n`
    const r = await fw('train', '--csv', csv, '--target', 'y', '--epochs', '1', '--db', db, '--out', join(dir, 'out'))
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', refused])
    // the CSV is not read first: a file that is not there is not reached
    const unread = await fw('train', '--csv', join(dir, 'absent.csv'), '--target', 'y', '--epochs', '1', '--db', db, '--out', join(dir, 'out'))
    expect([unread.code, unread.stderr]).toEqual([2, refused])
    // --no-db trains as ever
    expect((await fw('train', '--csv', csv, '--target', 'y', '--epochs', '1', '--no-db', '--out', join(dir, 'out'))).code).toBe(0)
  })

  it('a database not there yet, in a folder it cannot write: refused first, naming the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-ro-train-'))
    const db = join(dir, 'new', 'runs.db') // the store would make new/ and the file
    const access = fs.accessSync
    vi.spyOn(fs, 'accessSync').mockImplementation((path, mode) => {
      if (path === dir && mode === fs.constants.W_OK) throw Object.assign(new Error(`EROFS: read-only file system, access '${dir}'`), { code: 'EROFS' })
      return access(path, mode)
    })
    const r = await fw('train', '--csv', join(dir, 'absent.csv'), '--target', 'y', '--epochs', '1', '--db', db, '--out', join(dir, 'out'))
    expect([r.code, r.stderr]).toEqual([2, `fw train: folder ${dir} is on a read-only file system: the run database cannot be written, so nothing was read or trained; give one you can write (--db FILE or FW_DB), or --no-db\n`])
  })
})

