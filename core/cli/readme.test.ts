// README.md's first block of `fw` commands, run in order as printed, in a new database: each must
// succeed. It ended in a refusal: every fw train wrote fw-out/, the rain classifier replaced the
// temperature model without a word, and fw forecast was given the classifier (and a model with
// weather features could not forecast 12 steps either). Trains run on 2 epochs, to be quick.
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const root = resolve(__dirname, '../..')

/** The commands of README's first `fw` block (the one that starts with fw inspect on a sample),
 *  as argument lists: continuation lines joined, comments dropped, quotes read as a shell does. */
function readmeCommands(readme: string): string[][] {
  const start = readme.indexOf('```sh\nnpx fw inspect')
  if (start < 0) throw new Error('README.md: no block of fw commands that starts with fw inspect')
  const block = readme.slice(start + 6, readme.indexOf('```', start + 6))
  return block.replace(/\\\n\s*/g, '').split('\n').filter((l) => l.startsWith('npx fw ')).map((line) => {
    const words: string[] = []
    // a word is a "quoted string" or a run of non-blanks; a # outside quotes starts the comment
    for (const m of line.slice('npx fw '.length).matchAll(/"([^"]*)"|(#.*)|(\S+)/g)) {
      if (m[2] !== undefined) break
      words.push(m[1] ?? m[3]!)
    }
    return words
  })
}

describe('README.md\'s fw commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-readme-'))
  const cwd = process.cwd()
  const env = process.env['FW_DB']
  beforeAll(() => {
    symlinkSync(join(root, 'resources'), join(dir, 'resources')) // the samples, where the README names them
    process.chdir(dir)
    process.env['FW_DB'] = join(dir, 'runs.db')
  })
  afterAll(() => {
    process.chdir(cwd)
    if (env === undefined) delete process.env['FW_DB']
    else process.env['FW_DB'] = env
  })

  it('run in order as printed, each succeeds; fw forecast writes its 12 steps', async () => {
    const commands = readmeCommands(readFileSync(join(root, 'README.md'), 'utf8'))
    for (const argv of commands) {
      const r = await fw(...argv, ...(argv[0] === 'train' ? ['--epochs', '2'] : []))
      expect({ command: argv.join(' '), code: r.code, stderr: r.stderr }).toEqual({ command: argv.join(' '), code: 0, stderr: '' })
      // no train replaced another's files: each wrote its own folder
      if (argv[0] === 'train') expect(r.stdout).not.toMatch(/replaced/)
    }
    expect(commands.map((c) => c[0])).toEqual(['inspect', 'train', 'train', 'runs', 'show', 'compare', 'datasets', 'export', 'explain', 'predict', 'train', 'forecast', 'rm'])
    expect(readFileSync('future.csv', 'utf8').trim().split('\n').length).toBe(13)
    for (const f of ['m.onnx', 'forecast.csv', 'forecast.xlsx', 'report.html', 'predictions.csv', 'fw-out/temp/model.json', 'fw-out/rain/model.json']) expect(existsSync(f)).toBe(true)
  }, 300_000)

  it('fw train says when it replaces the files an earlier run wrote to its --out folder', async () => {
    const args = ['train', '--csv', 'resources/samples/co2-concentration.csv', '--target', 'CO2', '--epochs', '1', '--out', 'shared']
    const first = await fw(...args)
    expect(first.code).toBe(0)
    expect(first.stdout).not.toMatch(/replaced/)
    const second = await fw(...args)
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('note: replaced shared/model.json and shared/predictions.csv, which were there before; --out DIR gives each run a folder of its own\nmodel: shared/model.json\n')
    // --json: said among its notes, stdout staying one JSON document
    const json = JSON.parse((await fw(...args, '--json')).stdout) as { notes: string[] }
    expect(json.notes).toContain('replaced shared/model.json and shared/predictions.csv, which were there before; --out DIR gives each run a folder of its own')
  }, 120_000)
})
