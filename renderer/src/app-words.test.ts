// The app speaks in its own terms: the text its views show names Setup's fields and the app's
// buttons, never a CLI flag ("--lookback", "fw train --config") or a path in the repository
// ("docs/export.md"), which mean nothing in the window. Comments may cite them.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appWords, importCsv, prepareSeries, type Notice, type Words } from '../../core/data'
import { applyFitted } from '../../core/data/apply'
import { withCalendar } from '../../core/data/calendar'
import { defaultConfig } from '../../core/data/config'
import { prepareGlobal } from '../../core/data/global'
import { resolveConfig } from '../../core/train/config'
import { forecastAhead, loadModelFile } from '../../core/train/forecast'
import { prepareRun } from '../../core/train/prepare'
import { runTraining } from '../../core/train/run'
import { stalledWords } from '../../core/train/stalled'
import { divergedWords, explodedWords, type StepFacts } from '../../core/train/diverged'
import { runError } from '../../core/services/run-words'
import { toWireError } from '../../electron/contract'

const root = join(__dirname)
function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) yield* sources(p)
    else if (/\.(vue|ts)$/.test(name) && !/\.test\.ts$|\.d\.ts$/.test(name) && !p.includes(`${join(root, 'test')}`)) yield p
  }
}

/** What a user may read: a template's text and attributes, and the string literals of its code
 *  (sentences: with a space), comments and CSS custom properties (var(--x), '--x') left out. */
function userText(file: string): string[] {
  const src = readFileSync(file, 'utf8').replace(/<style[\s\S]*?<\/style>/g, '')
  const template = file.endsWith('.vue') ? (/<template>([\s\S]*)<\/template>/.exec(src)?.[1] ?? '') : ''
  const code = (file.endsWith('.vue') ? (/<script[^>]*>([\s\S]*?)<\/script>/.exec(src)?.[1] ?? '') : src).replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1')
  const strings = [...code.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)].map((m) => m[0]).filter((s) => / /.test(s))
  return [template.replace(/<!--[\s\S]*?-->/g, ''), ...strings].map((t) => t.replace(/var\(--[\w-]+/g, ''))
}

const CLI = /(^|[\s(`'"])--[a-z][a-z-]*|\bfw (?:train|forecast|predict|inspect|export|runs|show|compare|resume|explain|backtest)\b|\bdocs\/[\w./-]+/g

describe("the app's words", () => {
  it('name no CLI flag, fw command or repository path', () => {
    const found: string[] = []
    for (const f of sources(root)) for (const t of userText(f)) for (const m of t.matchAll(CLI)) found.push(`${relative(root, f)}: ${m[0].trim()}`)
    expect(found).toEqual([])
  })
})

// The app also shows messages core/ writes for both front ends: import notices, a run's notices,
// refusals of a config, a run or a forecast. Each is written with the CLI's words (its flags) and
// the app's (the Setup field or view: core/data/words.ts); the app shows the latter, through the
// same conduits these checks use: a notice's `app` (DataView, SeriesPicker), main's notices of a
// started run (`appWords`), and an error as main sends it (toWireError). Every message below is one
// that names a flag on the CLI: each check asserts that it does, so a fixture that stops
// triggering it fails here rather than passing on a message that never came.

const flags = (text: string): string[] => [...text.matchAll(CLI)].map((m) => m[0].trim())
/** The message names a flag on the CLI, and none in the app. */
function bothWords(w: Words): string {
  expect(flags(w.message), w.message).not.toEqual([])
  expect(flags(appWords(w)), appWords(w)).toEqual([])
  return appWords(w)
}
function refusal(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    const wire = toWireError(e).message
    expect(flags((e as Error).message), (e as Error).message).not.toEqual([])
    expect(flags(wire), wire).toEqual([])
    return wire
  }
  throw new Error('not refused')
}
const notice = (ds: { notices: Notice[] }, code: string): Notice => {
  const n = ds.notices.find((x) => x.code === code)
  expect(n, code).toBeDefined()
  return n!
}
const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 864e5).toISOString().slice(0, 10)
const csv = (header: string, rows: string[]) => `${header}\n${rows.join('\n')}\n`
const TICKERS = ['AA', 'BB', 'CC', 'DD', 'EE']
const long = csv('symbol,date,price', TICKERS.flatMap((s, k) => Array.from({ length: 12 }, (_, i) => `${s},${day(31 * i)},${100 * (k + 1) + i}`)))
const timeCfg = { column: 'date', duplicates: 'mean' as const, resample: null }

describe("core's messages in the app", () => {
  it('the samples import with notices in the app\'s words', async () => {
    const dir = join(__dirname, '../../resources/samples')
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv'))
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) {
      const ds = await importCsv(readFileSync(join(dir, f), 'utf8'), { fileName: f })
      for (const n of ds.notices) expect(flags(appWords(n)), `${f}: ${appWords(n)}`).toEqual([])
    }
  })

  it("import refusals the app answers with its own buttons name no import option of core's (dateOrder, monthOrder, decimal)", async () => {
    const refusal = (text: string) => importCsv(text, { fileName: 'f.csv' }).then(() => null, (e: Error) => toWireError(e).message)
    const dates = await refusal('date,y\n01/02/2020,1\n02/03/2020,2\n')
    const decimals = await refusal('a;b\n1,234;1\n2,345;2\n')
    const months = await refusal('month,y\n01-05,1\n02-05,2\n')
    expect(dates).toMatch(/day-first or month-first/)
    expect(decimals).toMatch(/which separator the file's decimals use/)
    expect(months).toMatch(/whether the year or the month comes first/)
    for (const m of [dates!, decimals!, months!]) expect(m).not.toMatch(/dateOrder|monthOrder|month-order|decimal: '|'dmy'|'dot'|'ym'/)
  })

  it('import notices: a column of years or Unix times, a proposed or unchecked series id', async () => {
    const years = Array.from({ length: 100 }, (_, i) => 1871 + i)
    expect(bothWords(notice(await importCsv(csv('x,flow', years.map((y) => `${y},${y % 7}`)), { fileName: 'f.csv' }), 'year-like'))).toContain('set its type to date')
    bothWords(notice(await importCsv('when_s,v\n1000000000,1\n1000003600,2\n', { fileName: 'f.csv' }), 'epoch-like'))
    expect(bothWords(notice(await importCsv(long, { fileName: 'long.csv' }), 'series-id'))).toContain('the series picker in Data')
    const skus = csv('sku,date,units', Array.from({ length: 3000 }, (_, s) => [1, 2, 3].map((d) => `sku${s},2020-01-0${d},${(s + d) % 17}`)).flat())
    expect(bothWords(notice(await importCsv(skus, { fileName: 'skus.csv' }), 'series-unchecked'))).toContain('"Use sku as the series id" in Data')
  })

  it('a run\'s notices and refusals: repeated times, mixed series, the week as the season, per-series cuts', async () => {
    const ds = await importCsv(long, { fileName: 'long.csv' })
    expect(refusal(() => prepareSeries(ds, timeCfg))).toContain('choose "One model across all series" in Setup')
    // three readings a day, one of them from a second sensor: merged, and the sensor named
    const sky = csv('date,sky,v', Array.from({ length: 60 }, (_, i) => `${day(i)},${['a', 'b', 'c'][i % 3]},${i}`).concat(`${day(4)},a,7`))
    bothWords(notice(prepareSeries(await importCsv(sky, { fileName: 'sky.csv' }), timeCfg).dataset, 'duplicates'))
    // hourly rows whose weekends differ: the week is the season
    const hours = Array.from({ length: 8 * 168 }, (_, i) => {
      const t = new Date(Date.UTC(2024, 0, 1) + i * 36e5)
      return `${t.toISOString()},${(100 + 20 * Math.sin((2 * Math.PI * t.getUTCHours()) / 24) - ([0, 6].includes(t.getUTCDay()) ? 30 : 0) + ((i * 37) % 11) / 5).toFixed(3)}`
    })
    const load = await importCsv(csv('time,load', hours), { fileName: 'load.csv', decimal: 'dot' })
    expect(bothWords(notice(prepareRun(resolveConfig({ data: { target: 'load', lookBack: 48 }, training: { epochs: 1 } }), load).prep, 'season-week'))).toMatch(/Season 24 in Setup keeps the day\)$/)
    // stores over different spans: split each on its own rows, and say how to keep the shared dates
    const stores = csv('store,date,sales', ['a', 'b', 'early'].flatMap((s) => Array.from({ length: s === 'early' ? 50 : 90 }, (_, i) => `${s},${day(i)},${s === 'a' ? 10 + (i % 7) : s === 'b' ? 1000 + 3 * i : 40 + 0.2 * i}`)))
    const sds = await importCsv(stores, { fileName: 'stores.csv', series: ['store'] })
    const g = prepareGlobal(sds, defaultConfig(sds, 'sales', { features: [], level: 'window', window: { lookback: 5, horizon: 2, stride: 1, mode: 'final' } }), ['store'])
    expect(bothWords(notice(g, 'split-per-series'))).toContain('Cuts "the same dates for every series" in Setup')
  })

  it('a run whose training loss barely moved names the learning rate as Setup does', () => {
    expect(bothWords(stalledWords([1, 1, 1, 1, 1], 1e-6)!)).toContain('(Learning rate in Setup)')
  })

  it('a run that diverged names the learning rate and the clip as Setup does, and so does a cause fw stored in its words alone', () => {
    const adam: StepFacts = { optimizer: 'adam', clipNorm: 0, lr: 5 }
    const sgd: StepFacts = { optimizer: 'sgd', clipNorm: 0, lr: 2 }
    const early = divergedWords({ epoch: 1, step: 7 }, null, { grew: 1194 }, adam)
    const late = divergedWords({ epoch: 3, step: 2 }, 2, undefined, sgd)
    expect(bothWords(early)).toContain('(Learning rate in Setup)')
    expect(bothWords(late)).toContain('(Clip gradient norm in Setup)')
    expect(bothWords(explodedWords(2, 5000, sgd))).toContain('(Learning rate in Setup)')
    // a failed run's cause as fw train stored it before it kept both wordings (runs.error_app null),
    // shown by main in the app's words (runError, then appWords)
    for (const w of [early, late]) expect(bothWords(runError({ error: w.message, errorApp: null })!)).toBe(w.app)
  })

  it('refusals of a config or a run: the time column a calendar or a global model needs, a holiday input without dates', async () => {
    const untimed = await importCsv('y\n1\n2\n3\n4\n', { fileName: 'plain.csv' })
    expect(refusal(() => withCalendar(untimed, { features: ['dow'] }))).toContain('choose the Time column in Setup')
    const sds = await importCsv(long, { fileName: 'long.csv', series: ['symbol'] })
    const cfg = defaultConfig(sds, 'price', { features: [] })
    refusal(() => prepareGlobal(sds, { ...cfg, time: { ...cfg.time, column: null } }, ['symbol']))
    expect(refusal(() => resolveConfig({ data: { target: 'y', calendar: ['holiday'] } as never }))).toContain('Holiday dates… in Setup')
    refusal(() => prepareRun(resolveConfig({ data: { target: 'price', series: { columns: ['symbol'], values: null, global: {} } } as never }), sds))
  })

  it('refusals of a forecast past the end: features without a future, a known input without its value', async () => {
    const days = (n: number, future: number) =>
      csv('date,sales,promo', Array.from({ length: n + future }, (_, i) => `${day(i)},${i < n ? (50 + ((i * 37) % 11) / 5 + ((i * 7) % 5 === 0 ? 6 : 0)).toFixed(2) : ''},${(i * 7) % 5 === 0 ? 1 : 0}`))
    const hooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => Promise.resolve() }
    const model = async (data: Record<string, unknown>, text: string) => {
      const config = resolveConfig({ data: { target: 'sales', lookBack: 7, features: ['promo'], ...data } as never, model: { cell: 'gru', hiddenSize: 4, forecaster: 'network' }, training: { epochs: 1, batchSize: 32, earlyStopping: null, seed: 4 } })
      const ds = await importCsv(text, { fileName: 'shop.csv' })
      const r = await runTraining({ config, dataset: ds, appVersion: '0.1.0' }, hooks)
      const m = loadModelFile(JSON.parse(JSON.stringify(r!.modelFile)), '0.1.0')
      return { m, a: applyFitted(ds, m.config, m.fitted) }
    }
    const plain = await model({}, days(120, 0))
    expect(refusal(() => forecastAhead(plain.m, plain.a, 5))).toContain('mark them known in the future in Setup')
    const known = await model({ known: ['promo'] }, days(120, 3))
    expect(refusal(() => forecastAhead(known.m, known.a, 5))).toContain('forecast fewer steps, or add rows with those times to the CSV')
  }, 60_000)
})
