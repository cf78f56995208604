// End-to-end tests of the built app in Debian's chromium, driven by playwright-core, through browser
// mode: the real renderer, main's handlers, the store and the trainer host. Only Electron's IPC
// transport is not exercised (electron/preload/index.test.ts covers its verb -> channel mapping).
// Run with `npm run e2e` (builds first). Prints "N passed, N failed"; screenshots and the measured
// responsiveness go to e2e-artifacts/.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { startWebServer } from '../scripts/web-server.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const artifacts = join(root, 'e2e-artifacts')
const work = mkdtempSync(join(tmpdir(), 'fw-e2e-'))
const SAMPLE = join(root, 'resources', 'samples', 'seattle-weather.csv')
mkdirSync(artifacts, { recursive: true })
// Failure shots of an earlier run would mislead; other files there belong to other suites.
for (const f of readdirSync(artifacts)) if (f.startsWith('failure-')) rmSync(join(artifacts, f))

const results = []
const measurements = {}
let page
let server

// `node e2e/run.mjs --only TEXT` runs the tests whose name holds TEXT, and the page-error checks that
// end the suite; the rest are skipped, not counted. A test run so must set up what it needs itself.
const onlyAt = process.argv.indexOf('--only')
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] ?? '' : null
const ALWAYS = ['no uncaught errors in the page', "no errors logged to the page's console"]
let skipped = 0

async function test(name, fn) {
  if (only !== null && !name.includes(only) && !ALWAYS.includes(name)) return void skipped++
  const t0 = Date.now()
  try {
    await fn()
    results.push({ name, ok: true })
    console.log(`  ✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  } catch (e) {
    results.push({ name, ok: false, error: String(e?.stack ?? e) })
    console.log(`  ✗ ${name}\n    ${String(e?.message ?? e).split('\n').join('\n    ')}`)
    await shot(`failure-${name.replace(/\W+/g, '-')}`).catch(() => {})
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message)
}
const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) })
const docs = join(root, 'docs', 'screenshots')
/** A screenshot that documents a feature: into e2e-artifacts/ and docs/screenshots/ (issue 18). */
async function docShot(name) {
  await shot(name)
  mkdirSync(docs, { recursive: true })
  writeFileSync(join(docs, `${name}.png`), readFileSync(join(artifacts, `${name}.png`)))
}
/** The verdict panel as the page shows it. */
const verdict = () => page.$eval('[data-testid=verdict]', (el) => ({
  tone: el.getAttribute('data-tone'),
  headline: el.querySelector('[data-testid=verdict-headline]')?.textContent ?? '',
  forecaster: el.querySelector('[data-testid=verdict-forecaster]')?.textContent ?? '',
  lost: !!el.querySelector('[data-testid=network-lost]'),
  scores: [...el.querySelectorAll('[data-testid=validation-scores] tbody tr')].map((tr) => ({ label: tr.querySelector('td')?.textContent ?? '', chosen: tr.classList.contains('chosen') }))
}))
/** Tone and words agree: green "Better …" without a lost network, amber "Better …; the network lost …"
 *  or "Level with …" (within the noise of the test errors), red "Worse than …". */
function checkVerdict(v) {
  const expected = v.headline.startsWith('Worse than') ? 'bad' : v.lost || v.headline.startsWith('Level with') ? 'warn' : 'good'
  assert(v.tone === expected, `tone ${v.tone} for "${v.headline}" (network lost: ${v.lost})`)
  assert(/^(Better than the best baseline \(.+\) by \d+\.\d %|Worse than .+ by \d+\.\d %|Level with the best baseline \(.+\) on test)/.test(v.headline), `headline: ${v.headline}`)
}
const go = (view) => page.click(`nav [data-view=${view}]`)

/** The trainer processes the server forked (node children of the server). */
function trainerPids() {
  try {
    return execFileSync('pgrep', ['-P', String(server.child.pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/** Longest main-thread tasks seen by the page (PerformanceObserver 'longtask', > 50 ms), and for
 *  each, the scripts that ran in it (from the 'long-animation-frame' entries that overlap it: a task
 *  can end after its frame, in the frame's paint), so that a figure over the limit says where to look. */
async function longTasks(reset = false) {
  return page.evaluate((reset) => {
    const w = window
    if (!w.__long) {
      w.__long = []
      w.__loaf = []
      new PerformanceObserver((l) => w.__long.push(...l.getEntries().map((e) => ({ start: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: false })
      new PerformanceObserver((l) => w.__loaf.push(...l.getEntries())).observe({ type: 'long-animation-frame', buffered: false })
    }
    const scriptEntries = (t) =>
      w.__loaf
        .filter((f) => f.startTime < t.start + t.duration && t.start < f.startTime + f.duration)
        .flatMap((f) => f.scripts.filter((s) => s.startTime >= t.start - 1 && s.startTime < t.start + t.duration))
    const scriptsIn = (t) => scriptEntries(t).map((s) => `${s.invoker} ${s.sourceFunctionName || ''}@${String(s.sourceURL).split('/').pop()}:${s.sourceCharPosition} ${Math.round(s.duration)} ms`)
    // how much of the task the scripts themselves took (the rest is style, layout and paint)
    const scriptMs = (t) => Math.round(scriptEntries(t).reduce((a, s) => a + s.duration, 0))
    const out = {
      count: w.__long.length,
      maxMs: Math.round(Math.max(0, ...w.__long.map((t) => t.duration))),
      tasks: w.__long.map((t) => ({ ms: Math.round(t.duration), scripts: scriptsIn(t), scriptMs: scriptMs(t) }))
    }
    if (reset) (w.__long = []), (w.__loaf = [])
    return out
  }, reset)
}

/** The pieces of work the page spread over tasks (runInSteps with `work`: renderer/src/lib/perf.ts,
 *  window.__fwSteps with `perf` in the URL) since the last reset: each one's name, units (rows,
 *  series), the most units a step may take by its design (chunk) and the steps it took. */
async function steppedWork(reset = false) {
  return page.evaluate((reset) => {
    const out = [...(window.__fwSteps ?? [])]
    if (reset) window.__fwSteps = []
    return out
  }, reset)
}
/** The rule the long-task figures only measure, checked as no machine's speed can change it: every
 *  piece of `work` took at least one step (one call of its generator, each in a task that can end
 *  there) per `chunk` of its units. Work no longer spread over tasks takes one step, and fails. */
function assertStepped(work, what) {
  for (const w of work) assert(w.steps >= Math.ceil(w.units / w.chunk), `${what}: ${w.name} handled ${w.units} in ${w.steps} steps, more than the ${w.chunk} a step it may: ${JSON.stringify(work)}`)
}

async function main() {
  server = await startWebServer(root, join(work, 'runs.db'))
  // A fresh profile per run (launchPersistentContext is playwright's form of --user-data-dir).
  const context = await chromium.launchPersistentContext(join(work, 'chromium'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    viewport: { width: 1360, height: 1000 },
    acceptDownloads: true,
    colorScheme: 'light'
  })
  page = context.pages()[0] ?? (await context.newPage())
  const pageErrors = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  // Vue reports an error its handlers caught (a render, a watcher, a template ref) on the console,
  // not as a page error: the Runs view threw on every open and close and only the console said so.
  const consoleErrors = []
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${m.text()} (${m.location().url}:${m.location().lineNumber})`) })
  await page.goto(`${server.url}&perf`)
  await longTasks(true)

  await test('first run offers the sample data', async () => {
    await page.waitForSelector('[data-testid=try-sample]')
    await shot('01-data-empty')
  })

  await test('a malformed CSV shows its error', async () => {
    await page.setInputFiles('[data-testid=file-input]', { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('date,value\n2020-01-01,1\n2020-01-02,2,3\n2020-01-03,"4\n') })
    const err = await page.waitForSelector('[data-testid=import-error]')
    const text = await err.innerText()
    assert(/broken\.csv/.test(text) && /line \d+/.test(text), `error should name file and line, got: ${text}`)
    await shot('02-data-error')
  })

  await test('cancel stops a large import', async () => {
    const rows = ['date,value']
    const t0 = Date.UTC(2000, 0, 1)
    for (let i = 0; i < 1_000_000; i++) rows.push(`${new Date(t0 + i * 60_000).toISOString()},${(Math.sin(i / 50) * 10).toFixed(3)}`)
    await longTasks(true)
    const big = join(work, 'million.csv')
    writeFileSync(big, rows.join('\n'))
    await page.setInputFiles('[data-testid=file-input]', big)
    await page.waitForSelector('[role=progressbar][aria-label="Import progress"]')
    await page.waitForFunction(() => Number(document.querySelector('[aria-label="Import progress"]')?.getAttribute('aria-valuenow')) > 0, null, { timeout: 30_000 })
    await shot('03-data-importing')
    await page.click('button:has-text("Cancel")')
    await page.waitForSelector('[aria-label="Import progress"]', { state: 'detached' })
    assert(!(await page.$('[data-testid=import-error]')) || !(await page.innerText('[data-testid=import-error]')).includes('million'), 'cancel must not report an error')
    measurements.importLongTasks = await longTasks(true)
  })

  await test('measure: a 1M-row x 10-column import to the finished Data view', async () => {
    // the shape of npm run bench -- --section import (bench/import.ts): a date-time, eight numeric
    // columns (one with NA) and a categorical one, 70 MiB
    const stations = ['north', 'south', 'east', 'west']
    const t00 = Date.UTC(2000, 0, 1)
    const wide = ['time,a,b,c,d,e,f,g,h,station']
    for (let i = 0; i < 1_000_000; i++) {
      const t = new Date(t00 + i * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
      wide.push(`${t},${(Math.sin(i / 24) * 10).toFixed(3)},${i % 1000},${(i * 0.37) % 97 | 0}.5,${((i * 7919) % 100000 / 100000).toFixed(5)},${(i % 7) - 3},${i % 50 === 0 ? 'NA' : (i / 3).toFixed(2)},${-i},1e-3,${stations[i % 4]}`)
    }
    writeFileSync(join(work, 'million-x10.csv'), wide.join('\n'))
    wide.length = 0
    await longTasks(true)
    const t0 = Date.now()
    await page.setInputFiles('[data-testid=file-input]', join(work, 'million-x10.csv'))
    await page.waitForFunction(() => document.querySelector('.kpi b')?.textContent === '1,000,000' && /million-x10/.test(document.body.innerText), null, { timeout: 120_000 })
    const toView = (Date.now() - t0) / 1000
    // the worker's own time (import and summary), as the Data view shows it: "read in 2.31 s"
    const read = /read in ([\d.]+) s/.exec(await page.innerText('main'))
    assert(read, 'the Data view says how long the file took to read')
    await page.waitForTimeout(1000)
    measurements.import1M = { columns: 10, workerSeconds: Number(read[1]), toDataViewSeconds: toView, longTasks: await longTasks(true) }
  })

  await test('measure: a 100k-point series chart redraws (decimated)', async () => {
    const rows = ['t,a,b']
    for (let i = 0; i < 100_000; i++) rows.push(`${i},${Math.sin(i / 100).toFixed(4)},${Math.cos(i / 70).toFixed(4)}`)
    const file = join(work, 'hundred-k.csv')
    writeFileSync(file, rows.join('\n'))
    await page.setInputFiles('[data-testid=file-input]', file)
    // The Columns section is already there from the previous file: wait for this one's row count.
    await page.waitForFunction(() => document.querySelector('.kpi b')?.textContent === '100,000', null, { timeout: 60_000 })
    await page.waitForTimeout(500)
    // From changing the charted column to the frame after the chart holds (and has drawn) the new
    // column: Vue's update, the chart's own task, chart.js's decimation and drawing, and the paint. An
    // upper bound on one redraw.
    const ms = []
    for (const col of ['b', 'a', 'b', 'a', 'b']) {
      ms.push(await page.evaluate(async (col) => {
        const sel = document.querySelector('select[aria-label="Column to chart"]')
        const chart = () => window.__fwCharts.filter((c) => c.canvas.isConnected).find((c) => c.canvas.getAttribute('aria-label') === 'Series')
        const t0 = performance.now()
        sel.value = col
        sel.dispatchEvent(new Event('change'))
        await new Promise((r) => {
          const poll = () => (chart()?.data.datasets[0]?.label === col ? requestAnimationFrame(r) : requestAnimationFrame(poll))
          requestAnimationFrame(poll)
        })
        return performance.now() - t0
      }, col))
    }
    ms.sort((x, y) => x - y)
    measurements.chart100kColumnSwitchMs = { median: Math.round(ms[2]), max: Math.round(ms[4]) }
    // A redraw alone: chart.update() of the decimated 100k-point chart (no animation, so it draws
    // synchronously), timed in the page.
    measurements.chart100kRedrawMs = await page.evaluate(() => {
      const chart = window.__fwCharts.filter((c) => c.canvas.isConnected).find((c) => c.canvas.getAttribute('aria-label') === 'Series')
      const ds = chart.data.datasets[0]
      const points = (ds._data ?? ds.data).length // decimation keeps the original in _data
      const t = []
      for (let i = 0; i < 15; i++) {
        const t0 = performance.now()
        chart.update('none')
        t.push(performance.now() - t0)
      }
      t.sort((a, b) => a - b)
      return { points, median: +t[7].toFixed(1), max: +t[14].toFixed(1) }
    })
  })

  // Issue 13: 1,000 series x 1,000 points in one long file. From the import to the finished Data
  // view, then finding and picking a series and paging through its small multiples, under the
  // 50 ms long-task rule (measured and printed, like the other measure: scenarios).
  await test('measure: 1,000 series x 1,000 points in Data: import, find a series, page the small multiples', async () => {
    const rows = ['series,date,value']
    const day0 = Date.UTC(2000, 0, 1)
    const dates = Array.from({ length: 1300 }, (_, i) => new Date(day0 + (i - 300) * 86_400_000).toISOString().slice(0, 10))
    for (let s = 0; s < 1000; s++) {
      const id = `s${String(s).padStart(4, '0')}`
      // 11 series (s0083, s0167, ...) 300 days earlier: shared cut dates would skip them (Setup below)
      const from = s % 84 === 83 ? 0 : 300
      for (let i = 0; i < 1000; i++) rows.push(`${id},${dates[from + i]},${(100 + (s % 50) + 10 * Math.sin(i / 20 + s)).toFixed(2)}`)
    }
    const file = join(work, 'series-1000x1000.csv')
    writeFileSync(file, rows.join('\n'))
    await longTasks(true)
    const t0 = Date.now()
    await page.setInputFiles('[data-testid=file-input]', file)
    await page.waitForFunction(() => document.querySelector('[data-testid=series-count] b')?.textContent === '1,000' && document.querySelector('.kpi b')?.textContent === '1,000,000', null, { timeout: 120_000 })
    const seconds = (Date.now() - t0) / 1000
    // the import proposed the id, and the picker says so
    const picker = await page.innerText('[data-testid=series-picker]')
    assert(/column series splits the rows into 1,000 series/.test(picker), `series picker: ${picker}`)
    await page.waitForSelector('[data-testid=data-multiples] [data-multiple]')
    await page.waitForTimeout(1000)
    const importTasks = await longTasks(true)
    // find a series by part of its name, and pick it: the chart shows its 1,000 rows
    await page.fill('[data-testid=series-find-series]', '0777')
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=series-value-series] option')].map((o) => o.value).join() === ',s0777', null, { timeout: 10_000 })
    await page.selectOption('[data-testid=series-value-series]', 's0777')
    await page.waitForFunction(() => document.querySelector('[data-testid=series-rows]')?.textContent === '1,000 of 1,000,000 rows', null, { timeout: 10_000 })
    await page.waitForTimeout(500)
    // page through the small multiples: each page's charts drawn before the next click
    const pages = []
    for (let p = 0; p < 6; p++) {
      await page.click('[data-testid=data-multiples-next]')
      const first = `s${String((p + 1) * 12).padStart(4, '0')}`
      await page.waitForFunction((first) => document.querySelector('[data-testid=data-multiples] [data-multiple]')?.getAttribute('data-multiple') === first, first, { timeout: 10_000 })
      await page.waitForTimeout(400)
      pages.push(await page.innerText('[data-testid=data-multiples-page]'))
    }
    assert(pages[5] === 'Series 73–84 of 1,000', `the 6th page: ${pages[5]}`)
    const charts = await page.evaluate(() => (window.__fwCharts ?? []).filter((c) => c.canvas?.isConnected && c.canvas.closest('[data-testid=data-multiples]')).length)
    assert(charts === 12, `${charts} small multiples drawn, not 12`)
    // pick one from the multiples: the picker follows
    await page.click('[data-multiple=s0080] [data-testid=data-multiple-pick]')
    await page.waitForFunction(() => document.querySelector('[data-testid=series-value-series]')?.value === 's0080', null, { timeout: 10_000 })
    await page.waitForTimeout(500)
    await shot('15-data-many-series')
    measurements.series1000Data = { importSeconds: seconds, importLongTasks: importTasks, interactLongTasks: await longTasks(true) }
  })

  // The same file in Setup with one model across all series: the split drawn over every series
  // (one lane each), what auto and the shared dates do with the 11 series that end early, and the
  // boundaries moved by keys and by dragging, its work spread over tasks (the long tasks measured).
  await test('measure: 1,000 series x 1,000 points in Setup: the split over all series, moved by keys and drag', async () => {
    await steppedWork(true)
    await go('setup')
    await page.click('[data-testid=series-mode-global]')
    const summary = () => page.innerText('[data-testid=split-lanes-summary]')
    const until = (re) =>
      page.waitForFunction((re) => new RegExp(re).test(document.querySelector('[data-testid=split-lanes-summary]')?.textContent ?? ''), re.source, { timeout: 20_000 }).catch(async (e) => {
        throw new Error(`the summary never matched ${re}: "${await summary().catch(() => '(none)')}" (${e.message.split('\n')[0]})`)
      })
    await until(/^Each series split on its own rows .*Auto: the same dates for all would skip 11 series that their own split keeps\. All 1,000 series/)
    await page.waitForTimeout(500)
    const openTasks = await longTasks(true)
    const openSteps = await steppedWork(true)
    await page.selectOption('[data-testid=global-cuts]', 'dates')
    await until(/^Every series cut at the same dates: validation from 2001-09-01, test from 2002-03-16\. 989 of 1,000 series kept; 11 end before the test cut: they would be skipped\.$/)
    const label = await page.getAttribute('[data-testid=split-lanes-canvas]', 'aria-label')
    assert(label.startsWith('Split over all 1,000 series, one lane each from 1999-03-07 to 2002-09-26.'), `canvas label: ${label}`)
    // keys: the training boundary five points left, then one on
    await page.focus('[data-testid=split-handle-1]')
    for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowLeft')
    await until(/validation from 2001-06-29/)
    await page.keyboard.press('Shift+ArrowRight')
    await until(/validation from 2001-09-01/)
    // drag: the validation boundary in 20 moves to 90 %
    const box = await page.$eval('[data-testid=split-lanes-canvas]', (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height } })
    const handle = await page.$eval('[data-testid=split-handle-2]', (el) => { const r = el.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + Math.min(20, r.height / 2) } })
    await page.mouse.move(handle.x, handle.y)
    await page.mouse.down()
    await page.mouse.move(box.x + box.w * 0.9, handle.y, { steps: 20 })
    await page.mouse.up()
    assert((await page.getAttribute('[data-testid=split-handle-2]', 'aria-valuenow')) === '90', `dragged to ${await page.getAttribute('[data-testid=split-handle-2]', 'aria-valuenow')} %`)
    await page.waitForTimeout(300)
    const interactTasks = await longTasks(true)
    const interactSteps = await steppedWork(true)
    await page.$eval('section[aria-label=Split]', (el) => el.scrollIntoView())
    await docShot('32-setup-split-all-series')
    // the long tasks are measured, not judged (a loaded machine makes them): what is judged is that
    // the work stays spread over tasks. Opening: each series' rows as the run has them, read over the
    // file's 1,000,000 rows; moving a boundary: each move's cut of the 1,000 series
    measurements.series1000Setup = { openLongTasks: openTasks, interactLongTasks: interactTasks, openSteps, interactSteps, summary: await summary() }
    assert(openSteps.some((w) => w.name === 'run rows' && w.units === 1_000_000), `opening Setup read no series' rows in steps: ${JSON.stringify(openSteps)}`)
    assertStepped(openSteps, 'opening Setup and drawing every series')
    assert(interactSteps.some((w) => w.name === 'cut' && w.units === 1000), `no move cut the 1,000 series in steps: ${JSON.stringify(interactSteps)}`)
    assertStepped(interactSteps, 'moving the split')
  })
  await go('data') // the next scenarios start in Data, whatever became of this one

  await test('a file refused for one column: "Import without" it reads the rest', async () => {
    const rows = ['day,temp,note']
    for (let i = 0; i < 60; i++) rows.push(`2024-01-${String((i % 28) + 1).padStart(2, '0')}T${String(Math.floor(i / 28)).padStart(2, '0')}:00,${(20 + Math.sin(i / 4)).toFixed(2)},${i === 40 ? 'n.a.' : i % 7}`)
    await page.setInputFiles('[data-testid=file-input]', { name: 'stray.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') })
    const err = await (await page.waitForSelector('[data-testid=import-error]')).innerText()
    assert(/Could not import stray\.csv\./.test(err) && err.includes('"n.a." is not a number') && !err.includes('Could not read column'), `error: ${err}`)
    await page.click('[data-testid=leave-out]')
    await page.waitForSelector('[data-testid=import-error]', { state: 'detached' })
    await page.waitForSelector('.kpi:has-text("stray.csv")', { timeout: 30_000 })
    const cols = await page.innerText('section[aria-label=Columns]')
    assert(cols.includes('temp') && !cols.includes('note'), `the column left out is gone: ${cols}`)
  })

  await test('the day and the time of day: kept apart as text from the notice, by keyboard, and joined again from the warning', async () => {
    const rows = ['date,time,output']
    for (let d = 0; d < 40; d++) for (const [k, t] of ['06:00', '14:00', '22:00'].entries()) rows.push(`${new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10)},${t},${(100 + 10 * Math.sin(d * 3 + k)).toFixed(2)}`)
    await page.setInputFiles('[data-testid=file-input]', { name: 'shifts.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') })
    await page.waitForSelector('.kpi:has-text("shifts.csv")', { timeout: 30_000 })
    const joined = await page.innerText('[data-testid=import-notes]')
    assert(joined.includes('columns "date" and "time" hold the day and the time of day: read as one time, "date"'), `notes: ${joined}`)
    await page.focus('[data-testid=keep-times-apart]')
    await page.keyboard.press('Enter')
    await page.waitForSelector('select[aria-label="Type of time"]', { timeout: 30_000 })
    assert((await page.inputValue('select[aria-label="Type of time"]')) === 'categorical', 'time read as text')
    const warn = await page.innerText('section[aria-label=Warnings]')
    assert(warn.includes('80 rows share a timestamp with the row before') && warn.includes("a run merges each day's rows into one (their mean)"), `warnings: ${warn}`)
    await page.focus('section[aria-label=Warnings] button:has-text("as one time")')
    await page.keyboard.press('Enter')
    await page.waitForSelector('select[aria-label="Type of time"]', { state: 'detached', timeout: 30_000 })
    assert(!(await page.innerText('section[aria-label=Columns]')).includes('time'), 'time joined to date again')
  })

  await test('formatted prices read as numbers in $, and a bad print circled on the chart', async () => {
    const rows = ['month,price']
    for (let i = 0; i < 120; i++) {
      const v = i === 61 ? 5000 : 50 + 0.2 * i + 4 * Math.sin((2 * Math.PI * i) / 12) + 0.5 * Math.sin(i * 12.9898)
      rows.push(`${2010 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01,"$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}"`)
    }
    await page.setInputFiles('[data-testid=file-input]', { name: 'prices.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') })
    const note = await (await page.waitForSelector('[data-testid=far-values]', { timeout: 30_000 })).innerText()
    assert(/^1 value lies far from the rest/.test(note) && /2015-02[^:]*: 5,?000/.test(note), `far values: ${note}`)
    assert((await page.inputValue('[data-testid=unit-price]')) === '$', 'the unit read off the values')
    const notes = await page.innerText('[data-testid=import-notes]')
    assert(notes.includes('numbers written with a currency sign') && notes.includes('its unit is "$"'), `notes: ${notes}`)
    await page.$eval('[data-testid=far-values]', (el) => el.scrollIntoView({ block: 'center' }))
    await docShot('33-data-formatted-and-far')
  })

  await test("months absent: the Data view's irregular-steps warning says the grid the run takes, and offers Setup's grid, by keyboard, once it is off", async () => {
    await go('data')
    const rows = ['month,sales']
    for (let i = 0; i < 120; i++) if (![17, 18, 40, 77, 103, 115].includes(i)) rows.push(`${2010 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01,${(100 + i + 10 * Math.sin((2 * Math.PI * i) / 12)).toFixed(2)}`)
    await page.setInputFiles('[data-testid=file-input]', { name: 'gapped-months.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') })
    await page.waitForSelector('.kpi:has-text("gapped-months.csv")', { timeout: 30_000 })
    const on = await (await page.waitForSelector('section[aria-label=Warnings] [data-testid=data-grid-on]')).innerText()
    assert(on === '✓ put on a monthly grid (Setup › Calendar grid)', `grid on: ${on}`)
    await go('setup')
    await page.selectOption('[data-testid=resample]', 'off')
    await go('data')
    const take = await page.waitForSelector('section[aria-label=Warnings] [data-testid=data-grid-offer]')
    assert((await take.innerText()).startsWith('Put on a monthly grid (6 months missing'), `offer: ${await take.innerText()}`)
    await take.focus()
    await page.keyboard.press('Enter')
    await page.waitForSelector('section[aria-label=Warnings] [data-testid=data-grid-on]')
    await go('setup')
    await page.waitForSelector('[data-testid=resample]')
    assert((await page.inputValue('[data-testid=resample]')) === 'month', 'Setup shows the grid taken in Data')
    await go('data')
  })

  await test('import the sample CSV', async () => {
    await page.setInputFiles('[data-testid=file-input]', SAMPLE)
    await page.waitForFunction(() => document.querySelector('section[aria-label=Columns]')?.textContent?.includes('precipitation'), null, { timeout: 30_000 })
    const text = await page.innerText('section[aria-label=Columns]')
    for (const c of ['date', 'precipitation', 'temp_max', 'weather']) assert(text.includes(c), `column ${c} missing`)
    await shot('04-data')
  })

  await test('a unit per column: a bad one is refused beside its field, a good one kept (issue 18)', async () => {
    await page.fill('[data-testid=unit-temp_max]', 'degrees Celsius (daily)')
    await page.press('[data-testid=unit-temp_max]', 'Tab')
    const err = await (await page.waitForSelector('#unit-error-temp_max')).innerText()
    assert(/the unit of column "temp_max" is \d+ characters long; at most 16/.test(err), `unit error: ${err}`)
    await page.fill('[data-testid=unit-temp_max]', '°C')
    await page.press('[data-testid=unit-temp_max]', 'Tab')
    await page.waitForSelector('#unit-error-temp_max', { state: 'detached' })
    await docShot('30-data-units')
  })

  await test('a refused import leaves the previous file shown, named, and Continue goes on with it', async () => {
    await page.setInputFiles('[data-testid=file-input]', { name: 'refused.csv', mimeType: 'text/csv', buffer: Buffer.from('date,value\n2020-01-01,1\n2020-01-02,2,3\n') })
    const err = await (await page.waitForSelector('[data-testid=import-error]')).innerText()
    assert(/Could not import refused\.csv\./.test(err) && /Still showing seattle-weather\.csv, unchanged/.test(err), `error: ${err}`)
    const tile = await page.innerText('.kpi:has-text("file")')
    assert(tile.includes('seattle-weather.csv') && !tile.includes('refused.csv'), `the file tile names ${tile}`)
    // the dataset still shown is whole: Continue takes it to Setup, as the nav does (exploratory pass 18)
    assert(!(await page.isDisabled('[data-testid=continue-setup]')), 'Continue should go on with the dataset still shown')
    await docShot('27-import-refused')
    await page.click('[data-testid=dismiss-import-error]')
    assert(!(await page.isDisabled('[data-testid=continue-setup]')), 'Continue is disabled after dismissing')
  })

  await test('save a config and load it back (the fw --config JSON)', async () => {
    await go('setup')
    await page.waitForSelector('[data-testid=epochs]')
    await page.fill('[data-testid=epochs]', '13')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=save-config]')])
    const file = join(work, download.suggestedFilename())
    await download.saveAs(file)
    const cfg = JSON.parse(readFileSync(file, 'utf8'))
    assert(cfg.training?.epochs === 13 && typeof cfg.data?.target === 'string', `saved config: ${JSON.stringify(cfg).slice(0, 200)}`)
    await page.fill('[data-testid=epochs]', '3')
    await page.setInputFiles('[data-testid=config-file]', file)
    await page.waitForSelector('[data-testid=config-message]:has-text("Loaded the config")')
    assert((await page.inputValue('[data-testid=epochs]')) === '13', 'loading the config did not restore 13 epochs')
    await docShot('28-config-loaded')
  })

  await test('set roles and split, then train to completion', async () => {
    await go('setup')
    await page.selectOption('[data-testid=role-target]', 'temp_max')
    await page.selectOption('[data-testid=role-time]', 'date')
    const before = await page.innerText('[data-testid=test-windows]')
    await page.focus('[data-testid=split-handle-2]')
    await page.keyboard.press('Shift+ArrowLeft')
    assert((await page.innerText('[data-testid=test-windows]')) !== before, 'moving the split should change the test windows')
    await page.fill('[data-testid=epochs]', '12')
    await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0))
    await shot('05-setup')
    await longTasks(true)
    await page.click('[data-testid=start-training]')
    await page.waitForSelector('[data-testid=run-status]')
    // When each epoch reached the page, to measure how often progress arrives.
    await page.evaluate(() => {
      const seen = (window.__epochAt = [])
      const el = () => document.querySelector('[data-testid=epoch]')
      new MutationObserver(() => seen.push([Number(el()?.textContent), performance.now()])).observe(document.querySelector('main'), { subtree: true, characterData: true, childList: true })
    })
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch]')?.textContent) >= 2, null, { timeout: 60_000 })
    await shot('06-train-live')
    await page.waitForSelector('[data-testid=run-status]:has-text("done")', { timeout: 180_000 })
    measurements.trainLongTasks = await longTasks(true)
    measurements.progressGapsMs = await page.evaluate(() => {
      const firsts = []
      for (const [epoch, t] of window.__epochAt) if (epoch > 0 && !firsts.some((f) => f[0] === epoch)) firsts.push([epoch, t])
      const gaps = firsts.slice(1).map((f, i) => f[1] - firsts[i][1])
      return { epochsSeen: firsts.length, maxGap: Math.round(Math.max(0, ...gaps)) }
    })
    await shot('07-train-done')
  })

  await test('read metrics against baselines', async () => {
    await go('evaluate')
    const table = await page.waitForSelector('[data-testid=metrics-table]')
    const text = await table.innerText()
    assert(/Forecast: /.test(text), 'the forecast row is missing')
    assert(/\bnaive\b/i.test(text), 'the naive baseline is missing')
    assert(/rmse/i.test(text), 'rmse column missing')
    assert(/-?\d+(\.\d+)? %/.test(text), 'no skill figure')
    // the unit set in the Data view, kept with the dataset, beside the metrics measured in it
    const head = await page.innerText('[data-testid=metrics-table] thead')
    assert(/RMSE \(°C\)/.test(head) && /MAE \(°C\)/.test(head) && !/MASE \(/.test(head), `metric headers: ${head}`)
    await shot('08-evaluate')
  })

  await test('verdict: the sample run says whether it beats the baselines and what made the forecast', async () => {
    await page.waitForSelector('[data-testid=verdict]')
    const v = await verdict()
    checkVerdict(v)
    measurements.sampleVerdict = { tone: v.tone, headline: v.headline }
    assert(/Forecast made by/.test(v.forecaster), `forecaster line: ${v.forecaster}`)
    assert(v.scores.length >= 3 && v.scores.filter((s) => s.chosen).length === 1, `validation scores: ${JSON.stringify(v.scores)}`)
    await page.$eval('[data-testid=verdict]', (el) => el.scrollIntoView())
    await docShot('20-verdict-evaluate')
  })

  await test('the residual histogram\'s axis shows residual values, not bin numbers', async () => {
    const labels = await page.waitForFunction(() => {
      const c = (window.__fwCharts ?? []).find((ch) => ch.canvas?.isConnected && ch.canvas.getAttribute('aria-label') === 'Residual histogram')
      const ticks = c?.scales?.x?.ticks?.map((t) => t.label)
      return ticks && ticks.length > 2 ? ticks : null
    }, null, { timeout: 20_000 }).then((h) => h.jsonValue())
    const nums = labels.map(Number)
    assert(nums.every(Number.isFinite), `non-numeric tick labels: ${labels}`)
    assert(nums[0] < 0 && nums[nums.length - 1] > 0, `residual values run from negative to positive, got ${labels}`)
    assert(!labels.every((l, i) => l === String(i)), `labels are bin numbers: ${labels}`)
    await page.$eval('section[aria-label="Residual histogram"]', (el) => el.scrollIntoView())
    await docShot('21-residual-histogram')
  })

  await test('backtest the sample run in browser mode: fold i of k from a trainer process, and Cancel leaves no process and no table', async () => {
    await page.$eval('[data-testid=backtest]', (el) => el.scrollIntoView())
    await page.fill('[data-testid=backtest-folds]', '3')
    const before = trainerPids()
    await page.click('[data-testid=start-backtest]')
    await page.waitForFunction(() => /^Fold [1-3] of 3 · epoch [1-9]/.test(document.querySelector('[data-testid=backtest-progress]')?.textContent ?? ''), null, { timeout: 60_000 })
    const during = trainerPids().filter((p) => !before.includes(p))
    assert(during.length === 1, `backtest trainer processes: ${during}`)
    await shot('backtest-progress')
    await page.click('[data-testid=cancel-backtest]')
    await page.waitForSelector('[data-testid=backtest-cancelled]', { timeout: 30_000 })
    assert(!trainerPids().includes(during[0]), 'the backtest process outlived its cancel')
    assert(!(await page.$('[data-testid=backtest-table]')), 'a cancelled backtest showed its folds')
  })

  await test('the Train view says how training ended and which weights were kept', async () => {
    await go('train')
    const end = await (await page.waitForSelector('[data-testid=train-end]')).innerText()
    assert(/^(Stopped early at epoch \d+ of 12: validation loss had not improved since epoch \d+\.|Finished all 12 epochs\.) Weights from epoch \d+ kept \(validation loss [\d.e-]+, the “Best val loss” in Runs\)\.$/.test(end.replace(/\s+/g, ' ').trim()), `end text: ${end}`)
    assert(await page.$('[data-testid=verdict]'), 'no verdict on Train')
    // the loss chart's accessible description, as Chromium's accessibility tree computes it, says its numbers
    const cdp = await page.context().newCDPSession(page)
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 })
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'canvas[aria-label="Loss"]' })
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false })
    const loss = nodes[0]
    assert(loss?.role?.value === 'image' && loss.name?.value === 'Loss', `loss chart: ${JSON.stringify(loss?.role)} ${JSON.stringify(loss?.name)}`)
    assert(/^training loss [\d.e-]+ → [\d.e-]+ over \d+ epochs; best validation loss [\d.e-]+ at epoch \d+$/.test(loss.description?.value ?? ''), `loss chart description: ${loss?.description?.value}`)
    await cdp.detach()
    await docShot('22-train-end')
  })

  await test('focus moves to the view heading after navigation; the skip link is first', async () => {
    await go('runs')
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2' && document.activeElement.textContent === 'Runs', null, { timeout: 5000 })
    await page.focus('nav [data-view=data]')
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2' && document.activeElement.textContent === 'Data', null, { timeout: 5000 })
    // The first element Tab can reach: hidden file inputs (display: none) cannot take focus.
    const first = await page.evaluate(() => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')].find((el) => !el.disabled && el.getClientRects().length > 0)?.getAttribute('data-testid'))
    assert(first === 'skip-link', `the first Tab stop is ${first}, not the skip link`)
    await page.focus('[data-testid=skip-link]')
    await docShot('23-skip-link')
    await page.keyboard.press('Enter')
    assert(await page.evaluate(() => document.activeElement?.tagName === 'H2'), 'the skip link did not reach the heading')
  })

  await test('help opens with F1 and closes with Esc', async () => {
    await page.keyboard.press('F1')
    await page.waitForSelector('[data-testid=help][open]')
    assert(/network lost on validation/.test(await page.innerText('[data-testid=help]')), 'help lacks the verdict colours')
    await docShot('29-help')
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-testid=help]:not([open])', { state: 'attached' })
  })

  await test('export the forecast CSV and check its contents', async () => {
    await go('export')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')])
    const file = join(work, download.suggestedFilename())
    await download.saveAs(file)
    const lines = readFileSync(file, 'utf8').trim().split(/\r\n/)
    const header = lines[0].split(',')
    for (const h of ['time', 'step', 'forecast', 'lower', 'upper', 'actual', 'baseline_naive']) assert(header.includes(h), `header lacks ${h}: ${lines[0]}`)
    assert(lines.length > 50, `only ${lines.length - 1} forecast rows`)
    const row = lines[1].split(',')
    assert(/^\d{4}-\d{2}-\d{2}$/.test(row[0]), `time cell of daily data, a date alone: ${row[0]}`)
    for (const name of ['forecast', 'actual', 'baseline_naive']) {
      const cell = row[header.indexOf(name)]
      assert(Number.isFinite(Number(cell)) && cell !== '' && !cell.startsWith("'"), `numeric cell ${name} = ${cell}`)
    }
  })

  await test('export the model file', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-model]')])
    const file = join(work, download.suggestedFilename())
    await download.saveAs(file)
    const model = JSON.parse(readFileSync(file, 'utf8'))
    assert(model.format === 'forecast-workbench-model' && model.spec?.cell === 'lstm' && model.weights?.length > 0, 'not a model file')
  })

  await test('forecast N steps past the end', async () => {
    // The default run has covariates, whose future is unknown: the app says so rather than inventing it.
    await page.fill('[data-testid=forecast-steps]', '60')
    await page.click('[data-testid=forecast-ahead]')
    await page.waitForSelector('.alert.error:has-text("would need future values")', { timeout: 20_000 })
    // A target-only run can be forecast past the end of the data.
    await go('setup')
    // A view mounts a task after the switch (App.vue), and $$ does not wait.
    await page.waitForSelector('fieldset:has(legend:has-text("Extra input features"))')
    for (const box of await page.$$('fieldset:has(legend:has-text("Extra input features")) input[type=checkbox]')) await box.uncheck()
    await page.fill('[data-testid=epochs]', '5')
    await page.click('[data-testid=start-training]')
    await page.waitForSelector('[data-testid=run-status]:has-text("done")', { timeout: 180_000 })
    await go('export')
    await page.fill('[data-testid=forecast-steps]', '60')
    await page.click('[data-testid=forecast-ahead]')
    await page.waitForSelector('[data-testid=export-message]:has-text("60 steps")', { timeout: 20_000 })
    const rows = await page.$$eval('[data-testid=ahead-table] tbody tr', (trs) => trs.map((tr) => tr.textContent))
    assert(rows.length === 60, `expected 60 rows, got ${rows.length}`)
    assert(rows[0].startsWith('2016-01-01'), `first forecast should be the day after the data: ${rows[0]}`)
    await shot('09-export')
  })

  await test('reload mid-run restores; a trainer killed mid-run shows "interrupted" and offers resume', async () => {
    await go('setup')
    await page.fill('[data-testid=epochs]', '400')
    await page.uncheck('[data-testid=early-stopping]') // so that it is still running when killed
    await page.click('[data-testid=start-training]')
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch]')?.textContent) >= 2, null, { timeout: 60_000 })
    // A reload mid-run restores the Train view from the database and keeps following the run.
    await page.reload()
    await page.waitForSelector('[data-testid=run-status]:has-text("running")', { timeout: 20_000 })
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch]')?.textContent) >= 3, null, { timeout: 60_000 })
    const pids = trainerPids()
    assert(pids.length > 0, 'no trainer process found')
    for (const pid of pids) process.kill(pid, 'SIGKILL')
    await page.waitForSelector('[data-testid=interrupted]', { timeout: 30_000 })
    assert(await page.isVisible('[data-testid=resume]'), 'no resume button')
    await shot('10-train-interrupted')
    const epochBefore = Number(await page.innerText('[data-testid=epoch]'))
    await page.click('[data-testid=resume]')
    await page.waitForSelector('[data-testid=run-status]:has-text("running")')
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=epoch]')?.textContent) > n, epochBefore, { timeout: 60_000 })
    await page.click('[data-testid=stop]')
    await page.waitForSelector('[data-testid=run-status]:has-text("cancelled")', { timeout: 30_000 })
  })

  await test('classification: a rule, then confusion matrix, ROC and calibration', async () => {
    await go('setup')
    await page.selectOption('[data-testid=task]', 'classification')
    await page.selectOption('[data-testid=role-target]', 'precipitation')
    await page.selectOption('[data-testid=rule-op]', '>')
    await page.fill('[data-testid=rule-value]', '0')
    await page.fill('[data-testid=epochs]', '10')
    await page.check('[data-testid=early-stopping]')
    await page.click('[data-testid=start-training]')
    await page.waitForSelector('[data-testid=run-status]:has-text("done")', { timeout: 180_000 })
    await go('evaluate')
    await page.waitForSelector('section[aria-label="Confusion matrix"]')
    const cm = await page.$$eval('section[aria-label="Confusion matrix"] td', (tds) => tds.map((t) => Number(t.textContent)))
    assert(cm.length === 4 && cm.reduce((a, b) => a + b, 0) > 50, `confusion matrix: ${cm}`)
    assert(await page.isVisible('section[aria-label="ROC curve"]'), 'no ROC curve')
    // the threshold chosen on validation when it trained (or why none): its test scores and one click to it
    const chosen = await page.innerText('[data-testid=threshold-validation]')
    const at = /Chosen on validation: ([\d.]+),/.exec(chosen)
    assert(at || /No threshold was chosen on validation: /.test(chosen), `threshold chosen on validation: ${chosen}`)
    if (at) {
      // a chosen 0.5 is the stored scores' column, said to be both (exploratory pass 20)
      const head = Number(at[1]) === 0.5 ? 'At 0.5 (stored, and chosen on validation)' : `At ${at[1]} (chosen on validation)`
      assert((await page.innerText('[data-testid=threshold-validation-head]')) === head, 'no test column at the validation threshold')
      // disabled where the choice is 0.5 itself, where the what-if already is
      if (await page.isEnabled('[data-testid=threshold-use-validation]')) await page.click('[data-testid=threshold-use-validation]')
      assert((await page.innerText('[data-testid=threshold-value]')) === at[1], 'the what-if did not move to the validation threshold')
      assert((await page.innerText('section[aria-label="Confusion matrix"] h3')).includes(`threshold ${Number(at[1])}`), 'the matrix is not at the validation threshold')
    }
    await page.waitForTimeout(300)
    await shot('13-evaluate-classification')
  })

  await test('runs: history, compare two', async () => {
    await go('runs')
    await page.waitForSelector('[data-testid=runs-table]')
    const boxes = await page.$$('[data-testid=runs-table] tbody input[type=checkbox]')
    assert(boxes.length >= 2, `expected 2 runs, got ${boxes.length}`)
    await boxes[0].check()
    await boxes[1].check()
    await page.click('[data-testid=compare]')
    await page.waitForSelector('section[aria-label="Config differences"]')
    assert((await page.innerText('section[aria-label="Config differences"]')).includes('training.epochs'), 'diff should show training.epochs')
    // beside the diff, what each run forecast and its forecast's test metrics
    const results = await page.innerText('[data-testid=compare-results]')
    assert(/Dataset/.test(results) && /Forecast by/.test(results) && /\(test\)/.test(results), `compare results: ${results}`)
    await shot('11-runs')
  })

  await test('a window narrower than the desktop minimum (760 px): the nav is a rail of view numbers that keep their names, and no view pushes the page sideways', async () => {
    await page.setViewportSize({ width: 760, height: 900 })
    try {
      const nav = await page.$eval('nav', (n) => n.getBoundingClientRect().width)
      assert(nav < 80, `the nav should shrink to a rail, it is ${nav} px wide`)
      for (const v of ['data', 'setup', 'train', 'evaluate', 'runs', 'export']) {
        await go(v)
        await page.waitForTimeout(400)
        // the view's name stays the button's accessible name (screen readers, the tooltip)
        const name = await page.$eval(`nav [data-view=${v}]`, (b) => b.textContent.replace(/\s+/g, ' ').trim())
        assert(/[A-Za-z]{4}/.test(name), `nav button ${v} lost its name: '${name}'`)
        const over = await page.evaluate(() => ({ page: document.documentElement.scrollWidth - document.documentElement.clientWidth, main: document.querySelector('main').scrollWidth - document.querySelector('main').clientWidth, down: document.documentElement.scrollHeight - document.documentElement.clientHeight }))
        assert(over.page <= 0 && over.main <= 0, `${v} overflows sideways at 760 px: page by ${over.page} px, main by ${over.main} px`)
        // only main scrolls: a page taller than the window let a wheel over the nav scroll the whole app away
        assert(over.down <= 0, `${v} makes the page ${over.down} px taller than the window`)
      }
      await shot('11b-narrow-runs')
    } finally {
      await page.setViewportSize({ width: 1360, height: 1000 })
      await go('runs') // where the next test starts
      await page.waitForSelector('[data-testid=runs-table]')
    }
  })

  await test('at 1024 x 700, 1280 x 800 and 1920 x 1080: Evaluate\'s metrics table stays in its card, Runs rows stay short and its names use the room, stored datasets\' notes are not cut', async () => {
    try {
      for (const [w, h] of [[1024, 700], [1280, 800], [1920, 1080]]) {
        await page.setViewportSize({ width: w, height: h })
        await go('evaluate')
        await page.waitForSelector('[data-testid=metrics-table]')
        const t = await page.$eval('[data-testid=metrics-table]', (el) => ({ table: el.getBoundingClientRect().right, card: el.closest('section').getBoundingClientRect().right }))
        assert(t.table <= t.card, `at ${w} px Evaluate's metrics table ends at ${t.table} px, past its card's ${t.card}`)
        await go('runs')
        await page.waitForSelector('[data-testid=runs-table]')
        if (w === 1280) {
          // the app's opening size: the actions in words wrapped one to a line there, each row 115 px tall
          const rows = await page.$$eval('[data-testid=runs-table] tbody tr[data-run]', (trs) => trs.map((tr) => ({ h: Math.round(tr.getBoundingClientRect().height), lines: new Set([...tr.querySelectorAll('td.actions button')].map((b) => Math.round(b.getBoundingClientRect().top))).size })))
          assert(rows.length && rows.every((r) => r.lines === 1 && r.h < 80), `at 1280 px Runs rows are ${rows.map((r) => `${r.h} px, actions on ${r.lines} lines`).join('; ')}`)
          // and the table fits its panel, Name and Dataset wide enough for a file name (they were cut at
          // 111 px while the table scrolled 32 px sideways under its pinned actions)
          const fit = await page.$eval('.runs-scroll', (el) => ({ over: el.scrollWidth - el.clientWidth, cut: [...el.querySelectorAll('[data-testid=run-dataset]')].filter((e) => e.clientWidth < Math.min(e.scrollWidth, 145)).map((e) => `${e.textContent} ${e.clientWidth} px`) }))
          assert(fit.over <= 0, `at 1280 px the Runs table scrolls ${fit.over} px sideways`)
          assert(!fit.cut.length, `at 1280 px dataset names are cut: ${fit.cut.join('; ')}`)
        } else if (w === 1024) {
          // where the table scrolls, each row's actions keep to one line (one to a line, every row was 140 px tall)
          const lines = await page.$$eval('[data-testid=runs-table] tbody tr[data-run] td.actions', (cells) => cells.map((c) => new Set([...c.querySelectorAll('button')].map((b) => Math.round(b.getBoundingClientRect().top))).size))
          assert(lines.length && lines.every((n) => n === 1), `at 1024 px the Runs actions take ${lines.join(', ')} lines`)
          // and they are pinned at the panel's right: Open and Delete of every row in view without scrolling sideways
          const off = await page.$$eval('[data-testid=runs-table] tbody tr[data-run] td.actions', (cells) => { const box = cells[0].closest('.runs-scroll').getBoundingClientRect(); return cells.flatMap((c) => [...c.querySelectorAll('button')].filter((b) => { const q = b.getBoundingClientRect(); return q.right > box.right || q.left < box.left }).map((b) => b.getAttribute('aria-label'))) })
          assert(!off.length, `at 1024 px Runs actions are past the panel's edge: ${off.join('; ')}`)
        } else {
          const cut = await page.$$eval('[data-testid=runs-table] [data-testid=run-dataset]', (els) => els.filter((e) => e.clientWidth < Math.min(e.scrollWidth, 160)).map((e) => `${e.textContent} ${e.clientWidth} px`))
          assert(!cut.length, `at 1920 px dataset names are cut short with room to spare: ${cut.join('; ')}`)
        }
        await go('data')
        await page.waitForSelector('[data-testid=stored-datasets-table]')
        const notes = await page.$$eval('[data-testid=stored-in-use]', (ns) => ns.map((n) => ({ note: n.getBoundingClientRect().right, box: n.closest('.scroll').getBoundingClientRect().right })))
        const hidden = notes.filter((n) => n.note > n.box + 1)
        assert(!hidden.length, `at ${w} px ${hidden.length} stored datasets' in-use notes are cut by the table's scroll`)
      }
    } finally {
      await page.setViewportSize({ width: 1360, height: 1000 })
      await go('runs') // where the next test starts
      await page.waitForSelector('[data-testid=runs-table]')
    }
  })

  await test('open a finished run from the history; dark theme follows the OS', async () => {
    await page.click('[data-testid=runs-table] tr[data-run="1"] button:has-text("Open")')
    await page.waitForSelector('[data-testid=metrics-table]')
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.waitForTimeout(300)
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim())
    assert(bg === '#0f1216', `dark background expected, got ${bg}`)
    await shot('12-evaluate-dark')
    await page.emulateMedia({ colorScheme: 'light' })
  })

  await test('a sweep runs its trials and ranks them', async () => {
    await page.emulateMedia({ colorScheme: 'light' })
    await go('runs')
    await page.selectOption('[data-testid=sweep-path-0]', 'model.hiddenSize')
    await page.fill('[data-testid=sweep-values-0]', '4, 12')
    await page.click('[data-testid=start-sweep]')
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=sweep-ranking] tbody .badge.done').length === 2, null, { timeout: 180_000 })
    const ranks = await page.$$eval('[data-testid=sweep-ranking] tbody tr', (trs) => trs.map((tr) => tr.children[0].textContent.trim()))
    // ranked by what each forecasts on validation: two trials whose forecasts score the same share
    // rank 1, and the panel says why
    const tie = await page.$('[data-testid=sweep-tie]')
    assert(ranks.join() === '1,2' || (ranks.join() === '1,1' && tie !== null), `ranks: ${ranks}, tie note: ${tie !== null}`)
    assert(!(await page.$('[data-testid=sweep-unstored]')), 'a sweep whose trials all trained lists a trial with no run')
    await page.waitForSelector('[data-testid=stop-sweep]', { state: 'detached', timeout: 10_000 })
    await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 10_000))
    await shot('14-runs-sweep')
  })

  await test('a sweep trial the trainer refuses (a look-back longer than the series) stores no run, and the panel says why in the app\'s words', async () => {
    await go('runs')
    const before = await page.$$eval('[data-testid=runs-table] tbody tr[data-run]', (trs) => trs.length)
    await page.selectOption('[data-testid=sweep-path-0]', 'data.lookBack')
    await page.fill('[data-testid=sweep-values-0]', '7, 3000')
    await page.click('[data-testid=start-sweep]')
    await page.waitForSelector('[data-testid=sweep-unstored] li', { timeout: 180_000 })
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=sweep-ranking] tbody .badge.done').length === 1, null, { timeout: 180_000 })
    const said = await page.innerText('[data-testid=sweep-unstored]')
    assert(/lookBack=3000: refused before training, no run kept — .+/.test(said), `the refused trial: ${said}`)
    assert(!/--[a-z]|\bfw\b/.test(said), `the refusal names a CLI flag or command: ${said}`)
    const rows = await page.$$eval('[data-testid=sweep-ranking] tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent.trim()))
    assert(rows.length === 1 && /lookBack=7$/.test(rows[0]), `the sweep's runs: ${rows}`)
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=runs-table] tbody tr[data-run]').length === n + 1, before, { timeout: 10_000 })
  })

  await test('Stop sweep stops every trial not yet ended: none trains on, and those not yet training store nothing', async () => {
    await go('setup')
    await page.fill('[data-testid=epochs]', '400')
    await page.uncheck('[data-testid=early-stopping]')
    await go('runs')
    await page.selectOption('[data-testid=sweep-path-0]', 'model.hiddenSize')
    await page.fill('[data-testid=sweep-values-0]', '4, 8, 12')
    await page.click('[data-testid=start-sweep]')
    // one trial training (stored), then Stop sweep
    await page.waitForSelector('[data-testid=sweep-ranking] tbody .badge.running', { timeout: 60_000 })
    await page.click('[data-testid=stop-sweep]')
    await page.waitForSelector('[data-testid=stop-sweep]', { state: 'detached', timeout: 30_000 })
    await page.waitForFunction(() => !document.querySelector('[data-testid=sweep-ranking] tbody .badge.running, [data-testid=sweep-ranking] tbody .badge.queued'), null, { timeout: 30_000 })
    const badges = await page.$$eval('[data-testid=sweep-ranking] tbody .badge', (bs) => bs.map((b) => b.textContent.trim()))
    const unstored = await page.$$eval('[data-testid=sweep-unstored] li', (lis) => lis.map((li) => li.textContent.trim()))
    assert(badges.length >= 1 && badges.every((b) => b === 'cancelled'), `the stopped sweep's runs: ${badges}`)
    assert(unstored.every((t) => /: stopped before training, no run kept$/.test(t)), `its trials with no run: ${unstored}`)
    assert(badges.length + unstored.length === 3, `3 trials, ${badges.length} runs and ${unstored.length} with none`)
    await go('setup')
    await page.check('[data-testid=early-stopping]')
    await page.fill('[data-testid=epochs]', '10')
  })

  await test('verdict on a losing network (CO2, a trending seasonal series): Evaluate, Export and Runs show the fallback', async () => {
    await go('data')
    await page.setInputFiles('[data-testid=file-input]', join(root, 'resources', 'samples', 'co2-concentration.csv'))
    await page.waitForFunction(() => document.querySelector('section[aria-label=Columns]')?.textContent?.includes('adjusted CO2'), null, { timeout: 30_000 })
    await go('setup')
    await page.waitForSelector('[data-testid=role-target]')
    await page.selectOption('[data-testid=role-target]', 'CO2')
    await page.waitForSelector('fieldset:has(legend:has-text("Extra input features"))')
    for (const box of await page.$$('fieldset:has(legend:has-text("Extra input features")) input[type=checkbox]')) await box.uncheck()
    await page.fill('[data-testid=epochs]', '1') // a network trained for one epoch loses to ETS and Theta
    await page.click('[data-testid=start-training]')
    await page.waitForSelector('[data-testid=run-status]:has-text("done")', { timeout: 180_000 })
    await go('evaluate')
    await page.waitForSelector('[data-testid=verdict]')
    const v = await verdict()
    checkVerdict(v)
    measurements.co2Verdict = { tone: v.tone, headline: v.headline, scores: v.scores }
    assert(v.lost, `the one-epoch network should lose on validation: ${v.headline}`)
    assert(v.tone !== 'good', `a lost network is never green: ${v.tone}`)
    assert(!v.scores.find((s) => s.chosen)?.label.startsWith('network'), `the chosen candidate is the network: ${JSON.stringify(v.scores)}`)
    await docShot('24-verdict-lost-evaluate')
    await go('export')
    await page.waitForSelector('[data-testid=network-lost]')
    const csv = await page.innerText('[data-testid=csv-forecaster]')
    assert(!/made by the network/.test(csv), `the CSV's forecaster: ${csv}`)
    await page.fill('[data-testid=forecast-steps]', '24')
    await page.click('[data-testid=forecast-ahead]')
    await page.waitForSelector('[data-testid=ahead-table]')
    // Issue 18's CO2 case: the forecast past the end started 34 ppm below the last actual. With the
    // fallback it continues from it, and the jump check stays quiet.
    assert(!(await page.$('[data-testid=jump-warning]')), `jump warning on CO2: ${await page.$eval('[data-testid=jump-warning]', (el) => el.textContent).catch(() => '')}`)
    await page.$eval('.chart-panel[aria-label="Forecast past the end"]', (el) => el.scrollIntoView())
    await docShot('25-verdict-lost-export')
    await go('runs')
    const tone = await page.waitForSelector('[data-testid=runs-table] tbody tr td.skill[data-tone]').then((el) => el.getAttribute('data-tone'))
    assert(tone === v.tone, `Runs colours the newest run ${tone}, the verdict ${v.tone}`)
    const head = await page.innerText('[data-testid=runs-table] thead')
    assert(/Dataset/.test(head) && /target/.test(head) && /Forecast/.test(head), `runs columns: ${head}`)
    // at 1360 px every column, the actions too, is in view: the table does not scroll inside its panel
    const fit = await page.$eval('section[aria-label="Run history"]', (el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
    assert(fit.scroll <= fit.client, `the Runs table scrolls sideways at 1360 px: ${fit.scroll} px in ${fit.client}`)
    await docShot('26-runs-verdict')
  })

  // Issue 13: Evaluate of a global run over 1,000 series, recorded by the CLI into the database
  // this server uses (1 epoch of 1,000 series x 60 points: seconds), then opened from Runs: the
  // per-series table sorted by MASE and paged, a series picked, the small multiples scrolled, under
  // the 50 ms long-task rule (measured and printed).
  await test('measure: Evaluate of a global run over 1,000 series: sort, page, pick, scroll the multiples', async () => {
    const rows = ['series,date,value']
    const day0 = Date.UTC(2000, 0, 1)
    for (let s = 0; s < 1000; s++) {
      const id = `s${String(s).padStart(4, '0')}`
      for (let i = 0; i < 60; i++) rows.push(`${id},${new Date(day0 + i * 86_400_000).toISOString().slice(0, 10)},${(10 + (1 + (s % 7)) * Math.sin(i / 5 + s / 10) + i * 0.05).toFixed(2)}`)
    }
    const csv = join(work, 'global-1000x60.csv')
    writeFileSync(csv, rows.join('\n'))
    const out = execFileSync(process.execPath, [join(root, 'bin', 'fw.js'), 'train', '--csv', csv, '--target', 'value', '--series', 'series', '--global', '--epochs', '1', '--db', join(work, 'runs.db'), '--out', join(work, 'global-out')], { encoding: 'utf8', maxBuffer: 64 << 20 })
    const id = Number(out.match(/run (\d+) saved/)?.[1])
    assert(id > 0, `fw train --global did not record a run: ${out.slice(-400)}`)
    // Runs lists the runs when it opens: through another view, since the suite may be on Runs already
    await go('data')
    await go('runs')
    await page.waitForSelector(`[data-testid=runs-table] tr[data-run="${id}"]`)
    await longTasks(true)
    await page.click(`[data-testid=runs-table] tr[data-run="${id}"] button:has-text("Open")`)
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=series-table] tbody tr').length === 50, null, { timeout: 30_000 })
    assert(/^1000 series \(id: series\)/.test(await page.innerText('[data-testid=global-series] h3')), 'not the 1,000-series run')
    await page.waitForSelector('[data-testid=series-multiples] [data-multiple]')
    await page.waitForTimeout(1000)
    const openTasks = await longTasks(true)
    // what opening made: table rows, small multiples placed, and charts drawn in them
    const openWork = await page.evaluate(() => ({
      rows: document.querySelectorAll('[data-testid=series-table] tbody tr').length,
      multiples: document.querySelectorAll('[data-testid=series-multiples] [data-multiple]').length,
      charts: (window.__fwCharts ?? []).filter((c) => c.canvas?.isConnected && c.canvas.closest('[data-testid=series-multiples]')).length
    }))
    // sort by MASE (best first), then page
    await page.click('[data-testid=series-table] [data-sort=mase]')
    await page.waitForSelector('[data-testid=series-table] th[aria-sort=ascending] [data-sort=mase]')
    const col = await page.$$eval('[data-testid=series-table] thead th', (ths) => ths.findIndex((th) => th.querySelector('[data-sort=mase]')))
    const mase = () => page.$$eval('[data-testid=series-table] tbody tr', (trs, col) => trs.map((tr) => Number(tr.children[col].textContent)), col)
    const m1 = await mase()
    assert(m1.every((v, i) => i === 0 || v >= m1[i - 1]), `MASE not ascending: ${m1.slice(0, 8)}`)
    for (let p = 0; p < 4; p++) await page.click('[data-testid=series-next]')
    await page.waitForFunction(() => document.querySelector('[data-testid=series-page]')?.textContent === 'Series 201–250 of 1000', null, { timeout: 10_000 })
    const m5 = await mase()
    assert(m5[0] >= m1[m1.length - 1], `page 5 starts below page 1: ${m5[0]} < ${m1[m1.length - 1]}`)
    // pick a series in the table, then another in the picker: the chart follows
    const label = await page.innerText('[data-testid=series-table] tbody tr:nth-child(3) td:first-child')
    await page.click('[data-testid=series-table] tbody tr:nth-child(3) td:first-child button')
    await page.waitForSelector(`section.chart-panel[aria-label$="${label}"]`)
    await page.fill('[data-testid=series-find]', 's0500') // the picker lists 100 series; a search finds the rest
    await page.selectOption('[data-testid=series-picker]', { label: 'series = s0500' })
    await page.waitForSelector('section.chart-panel[aria-label$="series = s0500"]')
    await page.waitForTimeout(500)
    // the small multiples: 60 of them, scrolled through
    for (let k = 0; k < 4; k++) {
      await page.click('[data-testid=multiples-more]')
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=series-multiples] [data-multiple]').length === n, 12 * (k + 2), { timeout: 10_000 })
      await page.waitForTimeout(300)
    }
    await page.$eval('[data-testid=series-multiples]', (el) => el.scrollIntoView())
    await page.mouse.move(700, 500)
    for (let k = 0; k < 12; k++) {
      await page.mouse.wheel(0, 400)
      await page.waitForTimeout(250)
    }
    await page.waitForTimeout(500)
    const drawn = await page.evaluate(() => (window.__fwCharts ?? []).filter((c) => c.canvas?.isConnected && c.canvas.closest('[data-testid=series-multiples]')).length)
    assert(drawn >= 12, `only ${drawn} small multiples drawn`)
    await shot('16-evaluate-many-series')
    measurements.series1000Evaluate = { trainedRun: id, openLongTasks: openTasks, openWork, interactLongTasks: await longTasks(true), multiplesDrawn: drawn }
    // opening the run: its long tasks are measured (openLongTasks), not judged: a loaded machine
    // makes them. What is judged is how much the view does at once, the same on any machine: one
    // page of the table and one step of small multiples out of 1,000 series (openWork, above)
    assert(openWork.rows === 50 && openWork.multiples === 12 && openWork.charts <= 12, `opening Evaluate of 1,000 series did more at once than a page of 50 rows and 12 small multiples: ${JSON.stringify(openWork)}`)
  })

  // Issue 13: a global model trained from the app: a long file of 3 series x 150 days imported,
  // "One model across all 3 series" chosen in Setup with the keyboard, trained in the trainer
  // process, stopped and resumed to the end, and Evaluate shows the per-series table as for a run
  // of fw train --global.
  await test('train one global model across the series of a long file from Setup, stop and resume it, then Evaluate per series', async () => {
    const rows = ['store,date,sales']
    const day0 = Date.UTC(2021, 0, 1)
    for (const [k, store] of ['north', 'south', 'east'].entries()) {
      for (let i = 0; i < 150; i++) rows.push(`${store},${new Date(day0 + i * 86_400_000).toISOString().slice(0, 10)},${(50 + 20 * k + 8 * Math.sin((2 * Math.PI * i) / 7) + 0.1 * i + ((i * 37 + k * 11) % 13) / 4).toFixed(2)}`)
    }
    const csv = join(work, 'stores-3x150.csv')
    writeFileSync(csv, rows.join('\n'))
    await go('data')
    await page.setInputFiles('[data-testid=file-input]', csv)
    await page.waitForFunction(() => document.querySelector('[data-testid=series-count] b')?.textContent === '3', null, { timeout: 30_000 })
    await go('setup')
    await page.waitForSelector('[data-testid=series-mode]')
    assert(await page.isChecked('[data-testid=series-mode-one]'), 'one series should be the choice until global is chosen')
    assert(/Pick one series in Data, or choose one model across all 3 series/.test(await page.innerText('[data-testid=start-blocker]')), 'Start should say what to choose')
    // keyboard: focus the radio group and move to "One model across all 3 series (global)"
    await page.focus('[data-testid=series-mode-one]')
    await page.keyboard.press('ArrowUp')
    assert(await page.isChecked('[data-testid=series-mode-global]'), 'the arrow key did not choose global')
    await page.waitForSelector('[data-testid=short-series]')
    await page.selectOption('[data-testid=role-target]', 'sales')
    await page.fill('[data-testid=epochs]', '4')
    await page.$eval('[data-testid=series-mode]', (el) => el.scrollIntoView())
    await docShot('31-setup-global')
    // long enough to be stopped mid-run, then resumed from its last checkpoint to the end
    await page.fill('[data-testid=epochs]', '300')
    await page.uncheck('[data-testid=early-stopping]')
    await page.click('[data-testid=start-training]')
    await page.waitForSelector('[data-testid=run-status]')
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch]')?.textContent) >= 3, null, { timeout: 60_000 })
    await page.click('[data-testid=stop]')
    await page.waitForSelector('[data-testid=run-status]:has-text("cancelled")', { timeout: 30_000 })
    const stoppedAt = Number(await page.innerText('[data-testid=epoch]'))
    assert(stoppedAt < 300, `the run was not stopped mid-run (epoch ${stoppedAt})`)
    await page.click('[data-testid=resume]')
    await page.waitForSelector('[data-testid=run-status]:has-text("done")', { timeout: 180_000 })
    assert(Number(await page.innerText('[data-testid=epoch]')) === 300, `the resumed run ended at epoch ${await page.innerText('[data-testid=epoch]')}, not 300`)
    await go('evaluate')
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=series-table] tbody tr').length === 3, null, { timeout: 30_000 })
    const head = await page.innerText('[data-testid=global-series] h3')
    assert(/^3 series \(id: store\)/.test(head), `the per-series section says: ${head}`)
    const labels = await page.$$eval('[data-testid=series-table] tbody tr td:first-child', (tds) => tds.map((td) => td.textContent.trim()).sort())
    assert(labels.join('|') === 'store = east|store = north|store = south', `series: ${labels}`)
    await shot('17-evaluate-global-from-setup')
  })

  // The Compare panel sets a global run's row for one series beside a run of that series alone
  // (core/export/compare.ts narrowCompare), not its means over all series: the global run's column
  // holds that series' test MAE and MASE as Evaluate's per-series table gives them. Self-contained
  // (`node e2e/run.mjs --only 'Compare: a global run'`); by keyboard but for the file and the select.
  await test('Compare: a global run beside a run of one of its series compares that series\' row, by keyboard', async () => {
    const rows = ['shop,date,sales']
    const day0 = Date.UTC(2022, 0, 1)
    // two shops of different scales, so that each one's MAE is far from the other's and the mean
    for (const [k, shop] of ['alpha', 'beta'].entries()) {
      const scale = k ? 12 : 1
      for (let i = 0; i < 120; i++) rows.push(`${shop},${new Date(day0 + i * 86_400_000).toISOString().slice(0, 10)},${(scale * (40 + 6 * Math.sin((2 * Math.PI * i) / 7) + ((i * 37 + k * 11) % 13) / 2)).toFixed(2)}`)
    }
    const csv = join(work, 'shops-2x120.csv')
    writeFileSync(csv, rows.join('\n'))
    /** Start training from Setup by keyboard and wait for that run to end done; its id. */
    const train = async () => {
      const runNumber = () => page.evaluate(() => document.querySelector('[data-testid=epoch]')?.parentElement?.querySelector('b')?.textContent ?? null)
      const before = await runNumber()
      await page.fill('[data-testid=epochs]', '3')
      await page.focus('[data-testid=start-training]')
      await page.keyboard.press('Enter')
      await page.waitForFunction((before) => {
        const id = document.querySelector('[data-testid=epoch]')?.parentElement?.querySelector('b')?.textContent
        return id && id !== before && document.querySelector('[data-testid=run-status]')?.textContent === 'done'
      }, before, { timeout: 120_000 })
      return Number((await runNumber()).replace('#', ''))
    }
    /** In Setup: `mode` ('global', 'one') chosen by an arrow key from the other radio, target sales, trained; its id. */
    const trainAs = async (mode) => {
      await go('setup')
      await page.waitForSelector('[data-testid=series-mode]')
      const [from, key] = mode === 'global' ? ['one', 'ArrowUp'] : ['global', 'ArrowDown']
      await page.focus(`[data-testid=series-mode-${from}]`)
      await page.keyboard.press(key)
      assert(await page.isChecked(`[data-testid=series-mode-${mode}]`), `the arrow key did not choose ${mode}`)
      await page.selectOption('[data-testid=role-target]', 'sales')
      return train()
    }
    await go('data')
    await page.setInputFiles('[data-testid=file-input]', csv)
    await page.waitForFunction(() => document.querySelector('[data-testid=series-count] b')?.textContent === '2', null, { timeout: 30_000 })
    // one model across both shops
    const globalId = await trainAs('global')
    // alpha alone: picked in Data by keyboard, one series in Setup
    await go('data')
    await page.focus('[data-testid=series-value-shop]')
    await page.keyboard.press('ArrowDown')
    await page.waitForFunction(() => document.querySelector('[data-testid=series-rows]')?.textContent === '120 of 240 rows', null, { timeout: 10_000 })
    assert((await page.inputValue('[data-testid=series-value-shop]')) === 'alpha', `picked ${await page.inputValue('[data-testid=series-value-shop]')}`)
    const aloneId = await trainAs('one')
    // alpha's row of the global run, as Evaluate's per-series table gives it
    await go('runs')
    await page.waitForSelector(`[data-testid=runs-table] tr[data-run="${globalId}"]`)
    await page.focus(`[data-testid=runs-table] tr[data-run="${globalId}"] button:has-text("Open")`)
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=series-table] tbody tr').length === 2, null, { timeout: 30_000 })
    const table = await page.$$eval('[data-testid=series-table] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())))
    const alpha = table.find((r) => r[0] === 'shop = alpha')
    const beta = table.find((r) => r[0] === 'shop = beta')
    assert(alpha && beta, `series rows: ${JSON.stringify(table)}`)
    const [mae, mase] = [Number(alpha[2]), Number(alpha[3])]
    // the series table gives a column one number of decimals (1.08 beside beta's 12.86): its last place's half
    const halfPlace = (text) => 0.5 * 10 ** -((String(text).split('.')[1] ?? '').length)
    const [maeTol, maseTol] = [halfPlace(alpha[2]), halfPlace(alpha[3])]
    assert(Number.isFinite(mae) && Number.isFinite(mase), `alpha's row: ${alpha}`)
    // compare the two runs: ticked with Space, Compare pressed with Enter
    await go('runs')
    for (const id of [globalId, aloneId]) {
      await page.focus(`[data-testid=runs-table] tr[data-run="${id}"] input[type=checkbox]`)
      await page.keyboard.press('Space')
    }
    await page.focus('[data-testid=compare]')
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid=compare-results]')
    assert(await page.$('[data-testid=compare-series-row]'), `no series row is compared: ${await page.innerText('[data-testid=compare-results]')}`)
    const note = await page.innerText('[data-testid=compare-series-row]')
    assert(note.includes(`Run #${globalId} is a global run of 2 series: its row for series shop = alpha is compared with run #${aloneId}, a run of that series alone.`), `note: ${note}`)
    /** The results table: row name -> the global run's cell, and which column is the global run's. */
    const compared = () => page.$eval('[data-testid=compare-results] table', (t) => {
      const heads = [...t.querySelectorAll('thead th')].slice(1).map((th) => th.textContent)
      const at = heads.findIndex((h) => h.includes('· series'))
      const cells = Object.fromEntries([...t.querySelectorAll('tbody tr')].map((tr) => [tr.querySelector('th').textContent, [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())]))
      return { heads, at, cells }
    })
    const row = await compared()
    assert(row.heads[row.at]?.includes(`#${globalId} · series shop = alpha`), `heads: ${row.heads}`)
    const near = (text, want, tol = 0) => Math.abs(Number(text) - want) <= 0.002 * Math.abs(want) + tol + 1e-9
    const g = (name) => row.cells[name]?.[row.at]
    assert(g('Forecast by') !== 'per series', `the global column's forecast: ${g('Forecast by')}`)
    assert(near(g('MAE (test)'), mae, maeTol) && near(g('MASE (test)'), mase, maseTol), `global column MAE ${g('MAE (test)')}, MASE ${g('MASE (test)')}; alpha's row ${mae}, ${mase} (beta's ${beta[2]}, ${beta[3]})`)
    // the button compares the means and back, by keyboard
    await page.focus('[data-testid=compare-series-toggle]')
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => !document.querySelector('[data-testid=compare-series-head]'), null, { timeout: 10_000 })
    const means = await compared()
    const globalCol = means.heads.findIndex((h) => h.startsWith(`#${globalId}`))
    assert(means.cells['Forecast by']?.[globalCol] === 'per series', `means: ${JSON.stringify(means.cells['Forecast by'])}`)
    assert(!near(means.cells['MAE (test)']?.[globalCol], mae), `the means' MAE ${means.cells['MAE (test)']?.[globalCol]} is alpha's ${mae}`)
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid=compare-series-head]')
    await shot('18-compare-global-series-row')
  })

  // Issue 13, item 2 in the app: a wide file (one column per region) read as separate series in
  // Data, with the import worker's summary of the long layout, and Setup offering one model across them.
  await test('a wide file read as separate series in Data, then offered as a long file in Setup; Back restores it', async () => {
    await go('data')
    const rows = ['date,north,south,temp']
    for (let i = 0; i < 90; i++) rows.push(`${new Date(Date.UTC(2022, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},${(100 + i + 5 * Math.sin(i)).toFixed(2)},${(60 - i / 3).toFixed(2)},${(10 + 4 * Math.cos(i / 9)).toFixed(1)}`)
    await page.setInputFiles('[data-testid=file-input]', { name: 'regions-wide.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') })
    await page.waitForSelector('[data-testid=melt]')
    await page.click('[data-testid=melt] summary')
    await page.check('[data-testid=melt-north]')
    await page.check('[data-testid=melt-south]')
    await page.click('[data-testid=melt-apply]')
    const status = await (await page.waitForSelector('[data-testid=melt-status]')).innerText()
    assert(/2 columns read as the series of “series”, their values in “value”: 180 rows/.test(status), `melt status: ${status}`)
    assert((await page.innerText('[data-testid=series-count] b')) === '2', 'the Data view should count 2 series')
    await page.waitForSelector('[data-testid=series-picker]')
    await page.click('[data-testid=continue-setup]')
    await page.waitForSelector('[data-testid=series-mode-global]')
    assert((await page.$eval('[data-testid=role-target]', (el) => el.value)) === 'value', 'the melted values should be the target')
    await go('data')
    await page.click('[data-testid=melt-back]')
    await page.waitForSelector('[data-testid=melt-status]', { state: 'detached' })
    assert((await page.innerText('[data-testid=series-count] b')) === '1', 'Back should restore one series')
  })

  await test('stored datasets in Data: Delete is refused while a run uses one; once its run is deleted it goes, and the list updates', async () => {
    await go('data')
    const rows = ['date,load']
    for (let i = 0; i < 120; i++) rows.push(`${new Date(Date.UTC(2023, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},${(50 + 10 * Math.sin(i / 3) + i / 5).toFixed(2)}`)
    await page.setInputFiles('[data-testid=file-input]', { name: 'stored-e2e.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') })
    await page.waitForFunction(() => document.querySelector('[data-testid=stored-datasets]') && document.querySelector('section[aria-label=Columns]')?.textContent?.includes('load'))
    await page.click('[data-testid=continue-setup]')
    await page.fill('[data-testid=epochs]', '1')
    await page.click('[data-testid=start-training]')
    await page.waitForSelector('[data-testid=run-status]:has-text("done")', { timeout: 120_000 })
    await go('data')
    const row = (await page.waitForSelector('[data-testid=stored-datasets-table] tr:has([data-testid=stored-name]:text-is("stored-e2e.csv"))'))
    const id = Number(await row.getAttribute('data-dataset'))
    const sel = `[data-testid=stored-datasets-table] tr[data-dataset="${id}"]`
    const runs = await page.innerText(`${sel} [data-testid=stored-runs]`)
    const runId = Number(/#(\d+)/.exec(runs)?.[1])
    assert(/^1 \(#\d+\)$/.test(runs.trim()) && runId > 0, `runs cell: ${runs}`)
    const del = `${sel} [data-testid=stored-delete]`
    assert(await page.isDisabled(del), 'Delete should be off while a run uses the dataset')
    const reason = `Dataset ${id} is used by run ${runId}; delete run ${runId} first.`
    assert((await page.getAttribute(del, 'title')) === reason, `title: ${await page.getAttribute(del, 'title')}`)
    assert((await page.innerText(`${sel} [data-testid=stored-in-use]`)) === reason, 'the reason should show beside Delete')
    await shot('15-data-stored-in-use')
    await go('runs')
    // the app's own dialog asks (not window.confirm()): focus on Cancel, Esc answers no and gives the focus back
    const runDel = `[data-testid=runs-table] tr[data-run="${runId}"] button[aria-label="Delete run ${runId}"]`
    const asking = '[data-testid=confirm][open]'
    const focusedIs = (sel) => page.evaluate((s) => document.activeElement === document.querySelector(s), sel)
    await page.focus(runDel)
    await page.keyboard.press('Enter')
    await page.waitForSelector(asking)
    assert(await focusedIs(`${asking} [data-testid=confirm-no]`), 'the question should take the focus, on Cancel')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    assert(await page.evaluate(() => !!document.activeElement?.closest('[data-testid=confirm]')), 'Tab should stay in the question')
    await page.keyboard.press('Escape')
    await page.waitForSelector(asking, { state: 'detached' })
    assert(await focusedIs(runDel), 'Esc should give the focus back to Delete')
    assert(await page.$(`[data-testid=runs-table] tr[data-run="${runId}"]`), 'Esc should delete nothing')
    await page.click(runDel)
    await page.click(`${asking} [data-testid=confirm-yes]`)
    await page.waitForSelector(`[data-testid=runs-table] tr[data-run="${runId}"]`, { state: 'detached' })
    await go('data')
    await page.waitForSelector(`${del}:not([disabled])`)
    assert(!(await page.$(`${sel} [data-testid=stored-in-use]`)), 'no reason once no run uses it')
    await page.click(del)
    const asked = await (await page.waitForSelector(`${asking} [data-testid=confirm-question]`)).innerText()
    await page.click(`${asking} [data-testid=confirm-yes]`)
    await page.waitForSelector(sel, { state: 'detached' })
    assert(/^Delete dataset #\d+ “stored-e2e\.csv” \(120 rows, /.test(asked), `confirm: ${asked}`)
    const said = await page.innerText('[data-testid=stored-datasets-done]')
    assert(said.startsWith(`Dataset ${id} deleted`), `said: ${said}`)
    await shot('16-data-stored-deleted')
  })

  await test('no uncaught errors in the page', async () => {
    assert(pageErrors.length === 0, pageErrors.join('\n'))
  })

  await test('no errors logged to the page\'s console', async () => {
    assert(consoleErrors.length === 0, consoleErrors.join('\n'))
  })

  await context.close()
}

try {
  await main()
} catch (e) {
  results.push({ name: 'setup', ok: false, error: String(e?.stack ?? e) })
  console.log(String(e?.stack ?? e))
} finally {
  server?.child.kill('SIGTERM')
  writeFileSync(join(artifacts, 'measurements.json'), JSON.stringify({ measurements, results }, null, 2))
  rmSync(work, { recursive: true, force: true })
}
const passed = results.filter((r) => r.ok).length
const failed = results.length - passed
console.log(`1M-row x 10-column import (issue 13: at most 2.5 s in the worker): ${JSON.stringify(measurements.import1M ?? null)}`)
console.log(`long tasks (> 50 ms) in the page: 1M-row import until cancelled ${JSON.stringify(measurements.importLongTasks ?? null)}, training ${JSON.stringify(measurements.trainLongTasks ?? null)}`)
console.log(`progress reaching the page while training: ${JSON.stringify(measurements.progressGapsMs ?? null)}; 100k-point chart redraw (ms): ${JSON.stringify(measurements.chart100kRedrawMs ?? null)}, switching its column (ms, to the 2nd frame): ${JSON.stringify(measurements.chart100kColumnSwitchMs ?? null)}`)
console.log(`1,000 series (issue 13): Data ${JSON.stringify(measurements.series1000Data ?? null)}, Setup ${JSON.stringify(measurements.series1000Setup ?? null)}, Evaluate ${JSON.stringify(measurements.series1000Evaluate ?? null)}`)
console.log(`${passed} passed, ${failed} failed${only !== null ? `, ${skipped} skipped (--only ${JSON.stringify(only)})` : ''}`)
process.exit(failed ? 1 : 0)
