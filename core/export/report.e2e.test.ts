// Opens the report in headless chromium with the network cut off, checks that the page asked for
// nothing but itself, and saves a full-page screenshot to e2e-artifacts/ for a human to look at.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sampleReport } from '../../test/fixtures/export/sample-run'
import { renderReport } from './report'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

describe.skipIf(!fs.existsSync(CHROMIUM))('run report in chromium', () => {
  let browser: Browser
  beforeAll(async () => { browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true }) })
  afterAll(async () => { await browser?.close() })

  it.each(['regression', 'classification'] as const)('%s report renders offline and is screenshotted', async (task) => {
    const dir = path.resolve('e2e-artifacts')
    fs.mkdirSync(dir, { recursive: true })
    const file = path.join(dir, task === 'regression' ? 'report.html' : 'report-classification.html')
    fs.writeFileSync(file, renderReport(sampleReport(task)))
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 })
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    await page.goto('file://' + file)
    expect(requests).toEqual(['file://' + file])
    const sections = await page.$$eval('section', (els) => els.map((e) => ({ id: e.id, h: e.getBoundingClientRect().height })))
    expect(sections.length).toBeGreaterThanOrEqual(7)
    for (const s of sections) expect(s.h).toBeGreaterThan(60) // rendered, not collapsed
    await page.screenshot({ path: path.join(dir, task === 'regression' ? 'report.png' : 'report-classification.png'), fullPage: true })
    await page.close()
  })
})
