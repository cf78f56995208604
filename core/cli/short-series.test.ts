// Short series (pass 15, finding 3): fw show counts a run's one stored forecast row in the singular.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { main } from './index'

async function fw(...argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { write: (s: string) => void (stdout += s), isTTY: false }, { write: (s: string) => void (stderr += s), isTTY: false })
  return { code, stdout, stderr }
}

it('fw show says "1 forecast row stored" of a run with one test row', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-six-rows-'))
  const csv = join(dir, 'six.csv')
  writeFileSync(csv, 'date,sales\n' + [12, 15, 11, 14, 16, 13].map((y, i) => `2022-01-0${i + 1},${y}`).join('\n') + '\n')
  const db = join(dir, 'runs.db')
  const t = await fw('train', '--csv', csv, '--target', 'sales', '--epochs', '1', '--db', db, '--out', dir)
  expect([t.code, t.stderr]).toEqual([0, ''])
  const s = await fw('show', '1', '--db', db)
  expect(s.stdout).toMatch(/\n1 forecast row stored\n/)
})
