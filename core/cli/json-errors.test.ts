// With --json a failure is JSON too (exploratory pass 8, item 11): `fw show 99 --json` had printed
// plain text on stderr, so a script that asked for JSON had to parse prose. Every command ends
// stderr with one line {"error", "exit", "hint"?}, stdout empty, as fw --help says.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMANDS } from './index'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-json-errors-'))
const db = join(dir, 'runs.db')

const lastJson = (stderr: string) => JSON.parse(stderr.trimEnd().split('\n').at(-1)!) as { error: string; exit: number; hint?: string }

describe('fw … --json when it fails', () => {
  it('a run that is not there: the error as one JSON line on stderr, nothing on stdout, exit 2', async () => {
    const r = await fw('show', '99', '--json', '--db', db)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    const e = lastJson(r.stderr)
    expect(e.exit).toBe(2)
    expect(e.error).toMatch(/^fw show: /)
    expect(e.hint).toBeUndefined()
    // without --json, the same words as plain text
    const plain = await fw('show', '99', '--db', db)
    expect(plain.stderr).toBe(`${e.error}\n`)
  })

  it('fw --json with no command: a JSON usage error (exit 2, as bare fw exits), not the help as text', async () => {
    // exploratory pass 20, finding 11: it printed "unknown command '--json'" and the whole help on stderr
    const r = await fw('--json')
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    const e = lastJson(r.stderr)
    expect(e).toMatchObject({ exit: 2 })
    expect(e.error).toMatch(/^fw: no command given/)
    expect(e.error).toContain('fw --help lists the commands')
    // options before the command, with --json among them: that error as JSON too
    expect(lastJson((await fw('--json', '--db', db, 'show', '3')).stderr).error).toMatch(/^fw: put --json, --db after the command/)
  })

  it('carries the flag to rerun with as its hint', async () => {
    const csv = join(dir, 'v.csv')
    writeFileSync(csv, ['date,v', ...Array.from({ length: 60 }, (_, i) => `${new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10)},${(10 + Math.sin(i)).toFixed(2)}`)].join('\n') + '\n')
    const r = await fw('train', '--csv', csv, '--target', 'v', '--lookback', '0', '--no-db', '--out', join(dir, 'o'), '--json')
    expect(r.code).toBe(2)
    const e = lastJson(r.stderr)
    expect(e).toMatchObject({ exit: 2, hint: '(data.lookBack is --lookback on the command line)' })
    const plain = await fw('train', '--csv', csv, '--target', 'v', '--lookback', '0', '--no-db', '--out', join(dir, 'o'))
    expect(plain.stderr).toBe(`${e.error}\n  ${e.hint}\n`)
  })

  it('every command, through the one path: a refused option is JSON too', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const r = await fw(name, '--json', '--no-such-option')
      expect(r.code, name).toBe(2)
      expect(r.stdout, name).toBe('')
      // a command that takes no --json refuses it first: said as JSON all the same
      expect(lastJson(r.stderr), name).toMatchObject({ exit: 2, error: expect.stringMatching(new RegExp(`^fw ${name}: unknown option (--no-such-option|--json)`)) })
    }
  })

  it('fw --help says so', async () => {
    expect((await fw('--help')).stdout).toContain('With --json, a command that fails prints nothing on stdout and ends stderr with one line of JSON')
  })
})
