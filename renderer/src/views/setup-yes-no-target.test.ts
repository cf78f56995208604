// @vitest-environment happy-dom
// A target of 0s and 1s (or of two words, read as yes/no) with Classification: Setup sends what fw
// train --task classification builds, no rule (exploratory pass 23, finding 1). Setup made it the
// rule "fraud > 0", which fed the target's history in as a scaled number where the CLI reads it as
// no/yes, so the same choices trained another model (AUC 0.6456 against 0.6974 on cls_imb.csv) and
// named its probability P(fraud > 0), not P(fraud = 1). A rule stays one tick away.
import { flushPromises } from '@vue/test-utils'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { importCsv } from '../../../core/data/import'
import { parseArgs } from '../../../core/cli/args'
import { readCsvFile } from '../../../core/cli/io'
import { TRAIN_FLAGS, buildRunConfig } from '../../../core/cli/train'
import type { TrainConfig } from '../../../core/train/types'
import { clickStart, mountSetup, setupFakesEach, startStubs } from './mount-setup'

vi.mock('../lib/chart', () => import('../test/chart-stub'))

const fakes = setupFakesEach(startStubs)

const day = (i: number) => new Date(Date.UTC(2022, 0, 1 + i)).toISOString().slice(0, 10)
/** 200 days of two inputs and a rare yes/no class (1 in 8 rows), written as `no` and `yes`. */
const csv = (no: string, yes: string) => ['date,x1,x2,fraud', ...Array.from({ length: 200 }, (_, i) => `${day(i)},${((i * 37) % 23) / 10},${((i * 11) % 17) / 10},${(i * 5) % 8 === 3 ? yes : no}`)].join('\n') + '\n'
const dir = mkdtempSync(join(tmpdir(), 'fw-setup-yes-no-'))

/** What fw train builds for `args` on the file of `text`. */
async function cliConfig(text: string, args: string[]): Promise<TrainConfig> {
  const file = join(dir, 'fraud.csv')
  writeFileSync(file, text)
  return buildRunConfig(parseArgs(['--csv', file, ...args], TRAIN_FLAGS), await readCsvFile(file)).config
}

/** Setup on the same file with Classification and the target `fraud`, started: what it sent. */
async function started(text: string) {
  const { w, setup } = await mountSetup(await importCsv(text, { fileName: 'fraud.csv' }), fakes.mountOptions)
  await w.get('[data-testid="task"]').setValue('classification')
  await flushPromises()
  await w.get('[data-testid="role-target"]').setValue('fraud')
  await flushPromises()
  expect(setup.check.error).toBeNull()
  return { w, setup, config: (await clickStart(w, fakes.api)).config }
}

describe('a yes/no target with Classification', () => {
  for (const [no, yes] of [['0', '1'], ['no', 'yes']]) {
    it(`of ${no}/${yes}: Setup's start sends fw train --task classification's config, no rule`, async () => {
      const { w, config } = await started(csv(no, yes))
      expect(config.data.rule).toBeUndefined()
      // Setup names the time column it shows; fw train finds the same one unless told (--time)
      expect(JSON.parse(JSON.stringify(config))).toEqual(JSON.parse(JSON.stringify(await cliConfig(csv(no, yes), ['--target', 'fraud', '--task', 'classification', '--time', 'date']))))
      expect(w.get('[data-testid="yes-no-target"]').text()).toBe(`Predict whether “fraud” is ${yes} (two classes: ${no} and ${yes}), its history read as these two classes, not as a number.`)
    })
  }

  it('a rule is one tick away, and gives what fw train --rule gives', async () => {
    const { w, setup } = await mountSetup(await importCsv(csv('0', '1'), { fileName: 'fraud.csv' }), fakes.mountOptions)
    await w.get('[data-testid="task"]').setValue('classification')
    await flushPromises()
    await w.get('[data-testid="role-target"]').setValue('fraud')
    await flushPromises()
    const box = w.get<HTMLInputElement>('[data-testid="use-rule"]')
    expect(box.element.checked).toBe(false)
    await box.setValue(true)
    await flushPromises()
    expect(setup.draft!.data.rule).toBe('fraud > 0')
    expect(JSON.parse(JSON.stringify(setup.check.config))).toEqual(JSON.parse(JSON.stringify(await cliConfig(csv('0', '1'), ['--target', 'fraud', '--rule', 'fraud > 0', '--time', 'date']))))
    await box.setValue(false)
    await flushPromises()
    expect(setup.draft!.data.rule).toBeUndefined()
    // a target of other numbers takes a rule again, as before (classification needs one for it)
    await w.get('[data-testid="role-target"]').setValue('x1')
    await flushPromises()
    expect(setup.draft!.data.rule).toBe('x1 > 0')
    expect(w.find('[data-testid="use-rule"]').exists()).toBe(false)
  })
})
