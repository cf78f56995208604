// A classification run whose Brier score differs from its baseline's by less than its test rows can
// tell (the exploratory pass's cls_imb.csv: 0.2157 against the training rate's 0.2176, called green
// "Better ... by 0.8 %") is "level", amber, in fw show; one that clearly beats it stays "better".
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openStore, storedTestNoise } from '../store'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-level-'))
const db = join(dir, 'runs.db')

/** 600 daily rows of two features and a class; `clear`: the class is x1 of the row before above 0
 *  (learnable), else one row in eight at random, whatever the features (nothing to learn). */
function csv(name: string, clear: boolean): string {
  let s = 12345
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
  const lines = ['date,x1,x2,fraud']
  let prev = 0
  for (let i = 0; i < 600; i++) {
    const x1 = rand() * 2 - 1
    const y = clear ? Number(prev > 0) : Number(rand() < 0.12)
    lines.push(`${new Date(Date.UTC(2022, 0, 1 + i)).toISOString().slice(0, 10)},${x1.toFixed(3)},${(rand() * 2 - 1).toFixed(3)},${y}`)
    prev = x1
  }
  const path = join(dir, name)
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

async function trained(file: string): Promise<{ verdict: string; id: number }> {
  const t = await fw('train', '--csv', file, '--target', 'fraud', '--task', 'classification', '--out', join(dir, file.replace(/\W/g, '')), '--db', db)
  expect(t.code, t.stderr).toBe(0)
  const id = Number(/run (\d+) saved/.exec(t.stdout)![1])
  const show = await fw('show', String(id), '--db', db)
  expect(show.code, show.stderr).toBe(0)
  return { verdict: /\nverdict: (.*)\n/.exec(show.stdout)![1]!, id }
}

const noiseOf = (id: number) => {
  const store = openStore(db, { appVersion: 'test' })
  try {
    return storedTestNoise(store.runs.get(id))!
  } finally {
    store.close()
  }
}

describe('fw show: a classification verdict within noise is level', () => {
  it('a class drawn at random is level with its baseline, with the difference and its noise in words', async () => {
    const { verdict, id } = await trained(csv('noise.csv', false))
    const n = noiseOf(id)
    expect(Math.abs(n.mean)).toBeLessThan(2 * n.se)
    expect(verdict).toBe(`Level with the best baseline (${n.baseline.replace('-', ' ')}) on test (Brier score): the difference, ${Math.abs(n.mean).toFixed(4)} a row ${n.mean < 0 ? 'lower' : 'higher'} for the forecast, is within the noise of ${n.rows} test rows (± ${(2 * n.se).toFixed(4)})`)
  }, 120_000)

  it('a class the features give is better than its baseline, as before', async () => {
    const { verdict, id } = await trained(csv('clear.csv', true))
    const n = noiseOf(id)
    expect(n.mean).toBeLessThan(-2 * n.se)
    expect(verdict).toMatch(/^Better than the best baseline \(.+\) by \d+\.\d % on test \(Brier score\)/)
  }, 120_000)

  it('a noise that is not a baseline with finite numbers is refused, naming its field, and nothing is kept', () => {
    const store = openStore(db, { appVersion: 'test' })
    try {
      const id = store.runs.list()[0]!.id
      const before = store.runs.get(id).classesJson
      expect(() => store.runs.setClasses(id, { names: ['false', 'true'], noise: { baseline: 'training-rate', mean: NaN, se: 0.1, rows: 90 } })).toThrow(/run\.classes\.noise/)
      expect(store.runs.get(id).classesJson).toBe(before)
    } finally {
      store.close()
    }
  })
})
