// A column name longer than 256 characters blocked every run (explore24 finding 2): `fw train
// --csv names.csv --target Sales` said "data.features[0] must be a non-empty string of at most 256
// characters (data.features is --features on the command line)", though no --features was typed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../engine/errors'
import { flagHint } from './index'
import { fw } from './test-fixtures/fw'

const dir = mkdtempSync(join(tmpdir(), 'fw-long-column-'))

describe('a long column name', () => {
  it('a 307-character header is taken as a default feature, and the run trains', async () => {
    // the shape of explore24's names.csv: a survey-style header as a feature of Sales
    const long = 'Average daily revenue in euros for all stores in the northern region excluding returns '.repeat(4).slice(0, 306) + 's' // no space at its end, which the import trims
    const day = (i: number) => new Date(Date.UTC(2022, 0, 1 + i)).toISOString().slice(0, 10)
    const file = join(dir, 'names.csv')
    writeFileSync(file, `date,${long},Sales\n` + Array.from({ length: 120 }, (_, i) => `${day(i)},${100 + (i % 7)},${98 + ((i * 3) % 11)}`).join('\n') + '\n')
    const r = await fw('train', '--csv', file, '--target', 'Sales', '--epochs', '1', '--no-db', '--out', join(dir, 'out'))
    expect([r.code, r.stderr]).toEqual([0, ''])
    const model = JSON.parse(readFileSync(join(dir, 'out', 'model.json'), 'utf8')) as { pipeline: { config: { features: string[] } } }
    expect(model.pipeline.config.features).toContain(long)
  })

  it('a refused config value names its flag only where the flag (or a --config file) was given', () => {
    const e = new ConfigError('data.features[0]', 'names a column of 1,025 characters')
    expect(flagHint(e, undefined, ['--csv', 'a.csv', '--target', 'Sales'])).toBe('')
    expect(flagHint(e, undefined, ['--csv', 'a.csv', '--features', 'x'])).toBe('  (data.features is --features on the command line)\n')
    expect(flagHint(e, undefined, ['--features=x'])).toBe('  (data.features is --features on the command line)\n')
    expect(flagHint(e, undefined, ['--config', 'c.json'])).toBe('  (data.features is --features on the command line)\n')
  })
})
