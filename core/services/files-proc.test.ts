// A folder the file system will not make (/proc/nope, even for root, whom access() lets write in
// /proc): the shared writer refuses it in words instead of looping for ever, and fw refuses the
// output before any work. The writer runs in a child process with a time limit, so that a loop
// fails the test instead of hanging it.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleWorker } from '../parallel/test-bundle'
import { checkWritable } from '../cli/io'

const linux = existsSync('/proc/self/stat')
let bundle: Awaited<ReturnType<typeof bundleWorker>> | undefined

describe.skipIf(!linux)('a folder /proc will not make', () => {
  beforeAll(async () => {
    bundle = await bundleWorker('files-proc', 'core/services/files.ts', 'files.mjs')
  }, 60_000)
  afterAll(() => bundle?.remove())

  it('writeFileAtomic refuses /proc/nope/x/model.json in words, in well under 20 s', () => {
    const script = `import(${JSON.stringify(bundle!.file)}).then((m) => { try { m.writeFileAtomic('/proc/nope/x/model.json', '{}'); console.log('written') } catch (e) { console.log(e.name + ': ' + e.message) } })`
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' })
    expect(r.signal, 'the write hung and was killed').toBeNull()
    expect(r.stdout.trim()).toBe('WriteRefused: cannot write /proc/nope/x/model.json: the folder it goes in takes no new files or folders')
  }, 30_000)

  it('fw: --out /proc/nope is bad input naming the folder, before any training', () => {
    expect(() => checkWritable('/proc/nope', '--out /proc/nope', true)).toThrow('--out /proc/nope: cannot make a folder in /proc: it takes no new files or folders')
    expect(() => checkWritable('/proc/x.csv', '--out /proc/x.csv')).toThrow('--out /proc/x.csv: cannot make a file in /proc')
  })
})
