// fw train warns when the extra features outnumber the training rows / 10 (exploratory pass 7,
// defect 14: 198 features on 84 training rows trained without a word), in the CLI's words, as the
// app's Setup does in its own (core/data/config wideFeaturesNote).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { wideFeaturesNote } from '../data/config'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-wide-features-'))
// 60 days, the target y and 12 columns of noise: 70 % training is 42 rows
const file = join(dir, 'wide.csv')
writeFileSync(file, ['date,y,' + Array.from({ length: 12 }, (_, k) => `x${k}`).join(',')].concat(Array.from({ length: 60 }, (_, i) => `${new Date(Date.UTC(2020, 0, i + 1)).toISOString().slice(0, 10)},${(100 + i + 3 * Math.sin(i)).toFixed(3)},${Array.from({ length: 12 }, (_, k) => ((i * 7919 + k * 104_729) % 97) / 10).join(',')}`)).join('\n') + '\n')
const quick = ['--target', 'y', '--epochs', '1', '--lookback', '5', '--seed', '1', '--no-db']

describe('too many features for the training rows', () => {
  it('the rule: more than training rows / 10, each front end in its words', () => {
    expect(wideFeaturesNote(198, 84, 'c143')).toEqual({
      message: '198 extra features on 84 training rows (fewer than 10 rows per feature): the network can fit noise in so many inputs and forecast worse than with a few; keep the few you expect to drive "c143" (--features)',
      app: '198 extra features on 84 training rows (fewer than 10 rows per feature): the network can fit noise in so many inputs and forecast worse than with a few; keep the few you expect to drive "c143" (Select none under Extra input features, then tick those few)'
    })
    expect(wideFeaturesNote(8, 80, 'y')).toBeNull()
    expect(wideFeaturesNote(9, 80, 'y')).not.toBeNull()
    expect(wideFeaturesNote(0, 5, 'y')).toBeNull()
    expect(wideFeaturesNote(1, 9, 'y')?.message).toMatch(/^1 extra feature on 9 training rows/)
  })

  it('fw train says it for every column as a feature, not for the few named', async () => {
    const all = await fw('train', '--csv', file, ...quick, '--out', join(dir, 'all'))
    expect(all.code).toBe(0)
    expect(all.stdout).toContain('note: 12 extra features on 42 training rows (fewer than 10 rows per feature)')
    expect(all.stdout).toContain('(--features)')
    const few = await fw('train', '--csv', file, ...quick, '--features', 'x0,x1,x2,x3', '--out', join(dir, 'few'))
    expect(few.code).toBe(0)
    expect(few.stdout).not.toContain('extra features on')
  })
})
