// What the app receives of a core error is in the app's words: core/ writes such a message in both
// wordings (core/data/words.ts: the CLI's flag, the app's Setup field), and main (and browser mode,
// which answers through the same dispatcher) refuses with the app's. renderer/src/app-words.test.ts
// checks the renderer's own text; this checks what main sends it. Runs trained and recorded by
// fw train, then opened by main's handlers as the app opens them.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../core/cli/index'
import { ForecastError } from '../../core/train/forecast'
import { appContractError, toWireError } from '../contract'
import { testWorkbench } from './testing'

const { dir, refused, overHttp } = testWorkbench('fw-app-words-')
const file = join(__dirname, '..', '..', 'resources', 'samples', 'seattle-weather.csv')
let withFeatures: number
let classifies: number

/** CLI words: a flag (--features), an fw command or a docs/ path. */
const CLI_WORDS = /(^|[\s("'`])--[a-z]|\bfw [a-z]|docs\//

/** A run trained and recorded by fw train in the workbench's database. */
async function train(args: string[]): Promise<number> {
  let stdout = ''
  let stderr = ''
  const io = (f: (s: string) => void) => ({ write: f, isTTY: false })
  const code = await main(['train', '--csv', file, '--epochs', '1', '--seed', '3', '--lookback', '7', '--db', join(dir, 'runs.db'), '--json', ...args], io((s) => void (stdout += s)), io((s) => void (stderr += s)))
  if (code !== 0) throw new Error(stderr)
  return (JSON.parse(stdout.slice(stdout.indexOf('{'))) as { runId: number }).runId
}

beforeAll(async () => {
  withFeatures = await train(['--target', 'temp_max', '--features', 'temp_min,wind', '--forecaster', 'network', '--out', join(dir, 'a')])
  classifies = await train(['--target', 'precipitation', '--rule', 'precipitation > 0', '--features', 'temp_min,wind', '--out', join(dir, 'b')])
}, 180_000)

describe('a core error in both wordings reaches the app in its words', () => {
  it('Forecast past the end of a run whose features have no future: the Setup way, no flag', async () => {
    for (const [verb, req] of [
      ['forecastAhead', { runId: withFeatures, steps: 30 }],
      ['exportForecastCsv', { runId: withFeatures, aheadSteps: 30 }],
      ['exportXlsx', { runId: withFeatures, aheadSteps: 30 }]
    ] as const) {
      const e = await refused(verb, req)
      expect(e.code).toBe('not-available')
      expect(e.message).toMatch(/^features temp_min and wind would need future values to forecast 30 steps ahead/)
      expect(e.message).toContain('mark them known in the future in Setup')
      expect(e.message).not.toMatch(CLI_WORDS)
    }
    // browser mode answers through the same dispatcher, over HTTP
    await overHttp(async (post) => {
      const r = await post('forecastAhead', { runId: withFeatures, steps: 30 })
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error.message).toMatch(/mark them known in the future in Setup/)
      if (!r.ok) expect(r.error.message).not.toMatch(CLI_WORDS)
    })
  })

  it('every refusal built from a core error takes its app words (appContractError)', () => {
    const e = new ForecastError('needs-future-features', { message: 'train with --features ""', app: 'untick the features in Setup' })
    expect(toWireError(appContractError('not-available', e, 'steps'))).toEqual({ name: 'ContractError', code: 'not-available', message: 'steps: untick the features in Setup', field: 'steps' })
    // an error with one wording keeps it
    expect(appContractError('failed', new Error('disk full')).message).toBe('disk full')
  })

  it('main passes no core message on by its CLI wording', () => {
    // every refusal main builds from a caught error goes through appContractError or appErrorText
    for (const f of ['handlers.ts', 'apply-model.ts', 'index.ts']) {
      const src = readFileSync(join(__dirname, f), 'utf8')
      expect(src, f).not.toMatch(/(ContractError|ModelApplyError)\([^)]*\be\.message/)
    }
  })
})


describe('a classification run past the end', () => {
  it('is refused for what a classification model cannot do, not for its features (no model on the target alone goes further)', async () => {
    const e = await refused('forecastAhead', { runId: classifies, steps: 7 })
    expect(e.message).toMatch(/^a classification model cannot feed its forecasts back as inputs; it forecasts at most 1 step past the end \(asked for 7\)/)
    expect(e.message).not.toMatch(/would need future values|target alone/)
    // fw forecast says the same, with no advice to train with --features ""
    let stderr = ''
    const io = (f: (s: string) => void) => ({ write: f, isTTY: false })
    const code = await main(['forecast', '--run', String(classifies), '--steps', '7', '--out', join(dir, 'f.csv'), '--db', join(dir, 'runs.db')], io(() => {}), io((s) => void (stderr += s)))
    expect(code).toBe(2)
    expect(stderr).toContain('a classification model cannot feed its forecasts back as inputs')
    expect(stderr).not.toContain('--features')
  })
})
