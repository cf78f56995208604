// An argument a command does not take is refused, naming it and the command's usage, never
// silently ignored (fw show 1 2 showed run 1); an option before the command is said to go after it.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-positionals-'))
const db = join(dir, 'runs.db')

describe('arguments a command does not take', () => {
  it.each([
    [['show', '1', '2'], "fw show: takes one argument, got 2: '2' is extra; usage: fw show RUN [--json]"],
    [['compare', '1', '2', '3'], "fw compare: takes 2 arguments, got 3: '3' is extra; usage: fw compare RUN RUN [--json]"],
    [['resume', '4', '5', '6'], "fw resume: takes one argument, got 3: '5' '6' are extra; usage: fw resume RUN [--out DIR]"],
    [['runs', 'extra'], "fw runs: takes no arguments, got 'extra'; usage: fw runs [--json]"],
    [['datasets', 'x', 'y'], "fw datasets: takes no arguments, got 'x' 'y'; usage: fw datasets [--json]"],
    [['compact', 'old.db'], "fw compact: takes no arguments, got 'old.db' (a database is given as --db FILE); usage: fw compact"],
    [['predict', '--model', 'm.json', '--csv', 'a.csv', '--out', 'x.csv', 'stray'], "fw predict: takes no arguments, got 'stray'; usage: fw predict --model model.json|model.onnx --csv FILE --out FILE.csv"],
    [['train', 'weather.csv', '--csv', 'weather.csv', '--target', 'temp'], "fw train: takes no arguments, got 'weather.csv' (a data file is given as --csv FILE); usage: fw train --csv FILE --target COL [options]"]
  ])('fw %j: refused with exit 2 before anything is read or opened', async (argv, message) => {
    // fw predict takes no --db
    const r = await fw(...argv, ...(argv[0] === 'predict' ? [] : ['--db', db]))
    expect(r.stderr).toBe(`${message}\n`)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(existsSync(db)).toBe(false)
  })

  it('commands that take run ids still take them: the database is reached', async () => {
    const missing = join(dir, 'missing', 'runs.db')
    for (const argv of [['show', '1'], ['compare', '1', '2'], ['rm', '1', '2', '5-7']]) {
      const r = await fw(...argv, '--db', missing)
      expect(r.stderr, argv.join(' ')).not.toMatch(/takes|extra/)
      expect(r.stderr, argv.join(' ')).toMatch(/run/)
    }
  })
})

describe('an option before the command', () => {
  it('fw --db x runs: says where --db goes, not the whole help', async () => {
    const r = await fw('--db', 'x', 'runs')
    expect(r.stderr).toBe('fw: put --db after the command: fw runs --db x\n')
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
  })

  it('several, written with "=", and a value that needs quoting, keep their order', async () => {
    const r = await fw('--json', '--db=my runs.db', 'show', '3')
    expect(r.stderr).toContain("fw: put --json, --db after the command: fw show --json '--db=my runs.db' 3")
  })

  it('an unknown command still gets the list of commands', async () => {
    const r = await fw('--frobnicate')
    expect(r.stderr).toMatch(/^fw: unknown command '--frobnicate'\n\nForecast Workbench CLI/)
  })
})
