// The CLI's numeric options and run ids against wrong values, table-driven: every one is refused with
// exit status 2 and a message naming it, before anything is trained or deleted.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { UsageError, parseArgs } from './args'
import { COMMANDS, main } from './index'
import { openStore } from '../store'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-num-'))
const db = join(dir, 'runs.db')
// an existing (empty) database: a --db naming no file is refused before the run id is read
openStore(db, { appVersion: '0.1.0', ownerKind: 'cli' }).close()
const csv = join(dir, 'tiny.csv')
writeFileSync(csv, 'date,y\n' + Array.from({ length: 60 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${Math.sin(i / 3).toFixed(4)}`).join('\n') + '\n')

async function fw(...argv: string[]) {
  let out = ''
  let err = ''
  const code = await main(argv, { write: (s) => void (out += s), isTTY: false }, { write: (s) => void (err += s), isTTY: false })
  return { code, out, err }
}

// Not a number at all: refused by the parser for every option declared 'number' or 'integer';
// nor what Number() reads but no one writes for a count or a rate (0x10 as 16, padding)
const NOT_NUMBERS = ['abc', '', ' ', 'NaN', 'Infinity', '-Infinity', '1e999', '12abc', 'true', '0x10', '0b11', '0o7', ' 16', '16 ', '1_000']
// a count (--hidden, --epochs, --steps …) is a whole number in decimal digits, nothing else
const NOT_WHOLE = ['1e1', '16.0', '1.5', '.5', '9007199254740993']

describe('every numeric option of every command refuses values that are not numbers', () => {
  const numeric = Object.entries(COMMANDS).flatMap(([command, c]) => Object.entries(c.flags).filter(([, kind]) => kind === 'number' || kind === 'integer').map(([flag, kind]) => [command, flag, kind] as const))

  it('finds the numeric options (the table is not empty)', () => {
    const names = new Set(numeric.map(([, f]) => f))
    for (const f of ['epochs', 'seed', 'horizon', 'lookback', 'steps', 'folds', 'random', 'concurrency']) expect(names, f).toContain(f)
  })

  it('reads every count as an integer', () => {
    const kinds = new Map(numeric.map(([, f, k]) => [f, k]))
    for (const f of ['epochs', 'seed', 'horizon', 'lookback', 'steps', 'folds', 'random', 'concurrency', 'hidden', 'layers', 'windows']) expect(kinds.get(f), f).toBe('integer')
    for (const f of ['lr', 'dropout']) expect(kinds.get(f), f).toBe('number')
  })

  for (const [command, flag, kind] of numeric) {
    it(`fw ${command} --${flag}`, () => {
      for (const bad of kind === 'integer' ? [...NOT_NUMBERS, ...NOT_WHOLE] : NOT_NUMBERS) {
        for (const argv of [[`--${flag}`, bad], [`--${flag}=${bad}`]]) {
          let err: unknown = null
          try {
            parseArgs(argv, COMMANDS[command]!.flags, command)
          } catch (e) {
            err = e
          }
          expect(err, `${argv.join(' ')} was accepted`).toBeInstanceOf(UsageError)
          // the flag and the value as written
          expect((err as Error).message).toContain(`--${flag}`)
          expect((err as Error).message).toContain(`(got '${bad}')`)
        }
      }
      if (kind === 'number') for (const ok of ['0.003', '3e-3', '-.5', '+2']) expect(parseArgs([`--${flag}`, ok], COMMANDS[command]!.flags, command).flags[flag]).toBe(Number(ok))
      else expect(parseArgs([`--${flag}=-7`], COMMANDS[command]!.flags, command).flags[flag]).toBe(-7)
      // a number is accepted as a number
      expect(parseArgs([`--${flag}`, '3'], COMMANDS[command]!.flags, command).flags[flag]).toBe(3)
    })
  }
})

describe('numbers out of range or of the wrong kind: exit 2 naming the option, nothing run', () => {
  const train = ['train', '--csv', csv, '--target', 'y', '--out', join(dir, 'out'), '--db', db, '--epochs', '1']
  const cases: [label: string, argv: string[], names: RegExp][] = [
    ...['0', '-1', '1.5', '100000000'].map((v): [string, string[], RegExp] => [`train --epochs ${v}`, [...train.slice(0, -2), '--epochs', v], /epochs/]),
    ...['-1', '1.5', String(2 ** 32)].map((v): [string, string[], RegExp] => [`train --seed ${v}`, [...train, '--seed', v], /seed/]),
    ...['0', '-2', '2.5'].map((v): [string, string[], RegExp] => [`train --horizon ${v}`, [...train, '--lookback', '5', '--horizon', v], /horizon/]),
    ...['0', '-3', '3.5'].map((v): [string, string[], RegExp] => [`train --lookback ${v}`, [...train, '--lookback', v], /look[bB]ack/]),
    ...['0', '17', '1.5', 'two', ''].map((v): [string, string[], RegExp] => [`train --threads '${v}'`, [...train, '--threads', v], /threads/]),
    ...['0', '-1', '2.5'].map((v): [string, string[], RegExp] => [`forecast --steps ${v}`, ['forecast', '--model', join(dir, 'none.json'), '--csv', csv, '--out', join(dir, 'f.csv'), '--steps', v], /steps/]),
    ...['0', '-1', '1.5', 'abc', '', '0x1'].map((v): [string, string[], RegExp] => [`forecast --run '${v}'`, ['forecast', '--run', v, '--out', join(dir, 'f.csv'), '--steps', '3', '--db', db], /--run/]),
    ...['0', '-1', '1.5', 'abc', '', '0x1'].map((v): [string, string[], RegExp] => [`export --run '${v}'`, ['export', '--run', v, '--csv', join(dir, 'e.csv'), '--db', db], /--run/]),
    ...['0', '-1', '1.5', 'abc', '1e3x', String(2 ** 53), '0x1', '1e0', ' 1'].flatMap((v): [string, string[], RegExp][] => [
      [`show ${v}`, ['show', v, '--db', db], /run id/],
      [`rm ${v}`, ['rm', v, '--db', db], /run id/],
      [`resume ${v}`, ['resume', v, '--db', db], /run id/],
      [`compare 1 ${v}`, ['compare', '1', v, '--db', db], /run id/]
    ])
  ]

  for (const [label, argv, names] of cases) {
    it(`fw ${label}`, async () => {
      const r = await fw(...argv)
      expect(r.code, `${label}: ${r.err}`).toBe(2)
      expect(r.err).toMatch(names)
      expect(r.out).toBe('')
    })
  }
})
