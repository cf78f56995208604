// The argv parser's refusals: a flag given twice (it silently took the last), and an unknown flag,
// which names the closest flag of the command.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { closestName, editDistance, parseArgs } from './args'
import { COMMANDS } from './index'
import { fw } from './test-fixtures/fw'

const sample = new URL('../../resources/samples/co2-concentration.csv', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'fw-args-'))

describe('a flag given twice', () => {
  it('is refused naming the flag and both values, exit 2, nothing trained or written', async () => {
    const out = join(dir, 'twice')
    const r = await fw('train', '--csv', sample, '--target', 'CO2', '--horizon', '3', '--horizon', '5', '--no-db', '--out', out)
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'fw train: --horizon is given twice (--horizon 3, then --horizon 5); give it once\n'])
    expect(existsSync(out)).toBe(false)
  })

  it('in any form: --name=value, a boolean, or one of each', () => {
    const twice = (...argv: string[]) => () => parseArgs(argv, COMMANDS['train']!.flags, 'train')
    expect(twice('--seed=1', '--seed', '2')).toThrow('--seed is given twice (--seed=1, then --seed 2); give it once')
    expect(twice('--json', '--json')).toThrow('--json is given twice (--json, then --json); give it once')
    expect(twice('--target', 'y', '--csv', 'a.csv', '--target=y')).toThrow('--target is given twice (--target y, then --target=y); give it once')
    // a list flag: the refusal gives the one flag with every value
    expect(twice('--na', 'date', '--na', 'sales')).toThrow('--na is given twice (--na date, then --na sales); give it once, with the values separated by commas: --na date,sales')
    expect(twice('--na=n/k,date', '--na', '#N/A,date')).toThrow("give it once, with the values separated by commas: --na 'n/k,date,#N/A'")
    // once each is fine
    expect(parseArgs(['--seed', '1', '--horizon', '2'], COMMANDS['train']!.flags).flags).toEqual({ seed: 1, horizon: 2 })
  })
})

describe('an unknown flag', () => {
  it('names the closest flag of the command', async () => {
    const r = await fw('train', '--csv', sample, '--target', 'CO2', '--lookbak', '12', '--no-db')
    expect([r.code, r.stderr]).toEqual([2, 'fw train: unknown option --lookbak (did you mean --lookback?); see the options with: fw train --help\n'])
    // the command's own flags: fw runs takes --db, not --lookback
    expect((await fw('runs', '--dbb', 'x.db')).stderr).toBe('fw runs: unknown option --dbb (did you mean --db?); see the options with: fw runs --help\n')
  })

  it('within 2 edits (1 for short names), else a flag it abbreviates, else none', () => {
    const train = Object.keys(COMMANDS['train']!.flags)
    expect(closestName('horizn', train)).toBe('horizon')
    expect(closestName('epoch', train)).toBe('epochs')
    expect(closestName('feature', train)).toBe('features')
    expect(closestName('look', train)).toBe('lookback') // a prefix
    expect(closestName('know', train)).toBe('known-future')
    expect(closestName('bogus', train)).toBeNull()
    expect(closestName('xy', train)).toBeNull() // 2 edits from "db"-like names are not "near" for 2 letters
    expect(closestName('ab', ['db'])).toBe('db')
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('lookbak', 'lookback')).toBe(1)
  })
})
