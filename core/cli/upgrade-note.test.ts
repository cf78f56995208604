// fw on an older database (explore19 finding 3): `fw runs` upgraded a schema-4 file for good and
// said nothing, so a colleague on the older build found it refused. Now the store keeps a copy
// first and fw says so on stderr, once: the next command has nothing to upgrade.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, it } from 'vitest'
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../store'
import { fw } from './test-fixtures/fw'

it('fw runs on a schema-4 database says it upgraded it and where the copy for older builds is', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'fw-upgrade-note-')), 'old.db')
  const raw = new Database(file)
  migrate(raw, file, MIGRATIONS.slice(0, 4))
  raw.close()
  const r = await fw('runs', '--db', file)
  expect(r.code).toBe(0)
  expect(r.stdout).toBe(`no runs yet in ${file}; start one with: fw train --csv FILE --target COL\n`)
  expect(r.stderr).toBe(`note: the run database ${file} was upgraded from schema 4 to ${SCHEMA_VERSION}, which older versions of Forecast Workbench cannot open; a copy of it as it was is kept for them at ${file}.schema4.bak\n`)
  expect(existsSync(`${file}.schema4.bak`)).toBe(true)
  expect((await fw('runs', '--db', file)).stderr).toBe('')
})
