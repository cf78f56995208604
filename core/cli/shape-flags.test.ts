// The run's settings from the command line: the network's shape and learning rate (fw train, sweep,
// backtest) into the config fields a config file sets, a bad value said by its flag with what it
// takes, and a --target, --features or --known-future column the file lacks said before anything is
// prepared; every other flag naming a column says a missing one with the nearest one too.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseArgs } from './args'
import { COMMANDS } from './index'
import { fw } from './test-fixtures/fw'
import { TRAIN_FLAGS, buildConfig } from './train'
import { readCsvFile } from './io'

const dir = mkdtempSync(join(tmpdir(), 'fw-shape-'))
const csv = join(dir, 'y.csv')
writeFileSync(csv, 'date,y\n' + Array.from({ length: 80 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${(10 + Math.sin(i / 3)).toFixed(2)}`).join('\n') + '\n')

describe('--cell, --layers, --hidden, --dropout, --lr', () => {
  it('set model.cell, numLayers, hiddenSize, dropout and training.lr, over a config file', async () => {
    const cfg = join(dir, 'cfg.json')
    writeFileSync(cfg, JSON.stringify({ model: { cell: 'elman', hiddenSize: 4 }, training: { lr: 0.1 } }))
    const p = parseArgs(['--csv', csv, '--target', 'y', '--config', cfg, '--cell', 'gru', '--layers', '2', '--hidden', '12', '--dropout', '0.25', '--lr', '0.02'], TRAIN_FLAGS)
    const c = buildConfig(p, await readCsvFile(csv, {}))
    expect([c.model.cell, c.model.numLayers, c.model.hiddenSize, c.model.dropout, c.training.lr]).toEqual(['gru', 2, 12, 0.25, 0.02])
  })

  it.each([
    [['--cell', 'grux'], /model\.cell must be one of elman, lstm, gru \(got "grux"\)[^]*model\.cell is --cell/],
    [['--layers', '7'], /model\.numLayers must be an integer in \[1, 4\] \(got 7\)[^]*model\.numLayers is --layers/],
    [['--hidden', '0'], /model\.hiddenSize must be an integer in \[1, 1024\][^]*is --hidden/],
    [['--dropout', '0.95'], /model\.dropout must be a number in \[0, 0\.9\][^]*is --dropout/],
    [['--lr', '0'], /training\.lr must be a number in \(0, 10\][^]*is --lr/]
  ])('fw train %j: exit 2, the flag and what it takes', async (args, message) => {
    const r = await fw('train', '--csv', csv, '--target', 'y', '--no-db', '--out', join(dir, 'out'), ...args)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
  })

  it('fw sweep and fw backtest take them too, and every help describes them', async () => {
    for (const command of ['train', 'sweep', 'backtest']) {
      const help = (await fw(command, '--help')).stdout
      for (const f of ['cell', 'layers', 'hidden', 'dropout', 'lr']) {
        expect(Object.keys(COMMANDS[command]!.flags), `${command} --${f}`).toContain(f)
        expect(help, `${command} --${f}`).toMatch(new RegExp(`\\n  --${f} \\S+ +\\S`))
      }
      expect(help).toContain('docs/config.md')
    }
    const r = await fw('backtest', '--csv', csv, '--target', 'y', '--folds', '2', '--epochs', '1', '--layers', '9')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/model\.numLayers is --layers/)
  })
})

describe('a --target the file lacks', () => {
  it('is refused before the data is prepared, with the nearest column and the numeric ones', async () => {
    const wide = join(dir, 'weather.csv')
    writeFileSync(wide, 'date,temp,rain,note\n' + Array.from({ length: 40 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${(10 + Math.sin(i)).toFixed(2)},${i % 3},n${i % 2}`).join('\n') + '\n')
    const r = await fw('train', '--csv', wide, '--target', 'temperature', '--no-db', '--out', join(dir, 'out'))
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('fw train: data.target: no column "temperature" in weather.csv (did you mean "temp"?); its numeric columns: temp, rain\n  (data.target is --target on the command line)\n')
  })
})

describe('--features and --known-future columns the file lacks', () => {
  const weather = join(dir, 'weather2.csv')
  writeFileSync(weather, 'date,temp,rain,wind\n' + Array.from({ length: 40 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${(10 + Math.sin(i)).toFixed(2)},${i % 3},${i % 5}`).join('\n') + '\n')
  const cols = 'its columns: date, temp, rain, wind'

  it('are refused before the data is prepared, every one named with its nearest column, in fw train, sweep and backtest', async () => {
    const said = `data.features: no columns "rian", "wnd" and "pressure" in weather2.csv (did you mean "rain" for "rian" and "wind" for "wnd"?); ${cols}\n  (data.features is --features on the command line)\n`
    for (const [command, ...rest] of [['train', '--no-db', '--out', join(dir, 'out')], ['sweep', '--grid', join(dir, 'none.json'), '--db', join(dir, 'runs.db')], ['backtest']]) {
      const r = await fw(command!, '--csv', weather, '--target', 'temp', '--features', 'rian,wnd,pressure', ...rest)
      expect(r, command).toEqual({ code: 2, stdout: '', stderr: `fw ${command}: ${said}` })
    }
    const one = await fw('train', '--csv', weather, '--target', 'temp', '--features', 'rain,wnd', '--no-db', '--out', join(dir, 'out'))
    expect(one.stderr).toBe(`fw train: data.features: no column "wnd" in weather2.csv (did you mean "wind"?); ${cols}\n  (data.features is --features on the command line)\n`)
  })

  it('a config file\'s data.features and --known-future too', async () => {
    const cfg = join(dir, 'features.json')
    writeFileSync(cfg, JSON.stringify({ data: { features: ['Rain'] } }))
    const file = await fw('train', '--csv', weather, '--target', 'temp', '--config', cfg, '--no-db', '--out', join(dir, 'out'))
    expect(file.stderr).toMatch(/^fw train: data\.features: no column "Rain" in weather2\.csv \(did you mean "rain"\?\)/)
    const known = await fw('train', '--csv', weather, '--target', 'temp', '--known-future', 'wnd', '--no-db', '--out', join(dir, 'out'))
    expect(known).toEqual({ code: 2, stdout: '', stderr: `fw train: data.known: no column "wnd" in weather2.csv (did you mean "wind"?); ${cols}\n  (data.known is --known-future on the command line)\n` })
  })
})

describe('every other flag naming a column the file lacks', () => {
  const weather = join(dir, 'weather3.csv')
  writeFileSync(weather, 'date,temp,rain,wind\n' + Array.from({ length: 40 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${(10 + Math.sin(i)).toFixed(2)},${i % 3},${i % 5}`).join('\n') + '\n')
  const cols = 'its columns: date, temp, rain, wind'

  it.each([
    [['--target', 'temp', '--time', 'dat'], `weather3.csv (column "dat"): --time "dat" is not in the header (did you mean "date"?); ${cols}\n`],
    [['--target', 'temp', '--type', 'wnd=numeric'], `weather3.csv (column "wnd"): column "wnd", given a type, is not in the header (did you mean "wind"?); ${cols}\n`],
    [['--target', 'temp', '--series', 'Rains', '--global'], `weather3.csv (column "Rains"): the series column "Rains" is not in the header (did you mean "rain"?); ${cols}\n`],
    [['--target', 'temp', '--unit', 'wnd=m/s'], `data.units: no column "wnd" in weather3.csv (did you mean "wind"?); ${cols}\n  (data.units is --unit on the command line)\n`],
    [['--melt', 'temp,rian,wnd', '--series-value', 'temp'], `melt.columns: no columns "rian" and "wnd" in weather3.csv (did you mean "rain" for "rian" and "wind" for "wnd"?); ${cols}\n`],
    // a rule about another column than the target: before anything is prepared too
    [['--target', 'rain', '--rule', 'rian > 0'], 'data.rule: the rule is about "rian" but the target is "rain"\n  (data.rule is --rule on the command line)\n'],
    // the name in another case: said, with the rule as it should read
    [['--target', 'rain', '--rule', 'Rain>0'], 'data.rule: the rule is about "Rain" but the target is "rain"; names must match exactly, case included: write "rain > 0"\n  (data.rule is --rule on the command line)\n'],
    // a rule that does not read is data.rule too, as the rest (it was task.rule, the pipeline's name)
    [['--target', 'rain', '--rule', 'rain > abc'], 'data.rule: > needs a number (got "abc")\n  (data.rule is --rule on the command line)\n'],
    [['--target', 'rain', '--rule', 'rain ~ 3'], 'data.rule: cannot read the rule "rain ~ 3"; write e.g. "precipitation > 0" or "weather == rain"\n  (data.rule is --rule on the command line)\n']
  ])('fw train %j: said before preparing, with the nearest column, exit 2', async (args, said) => {
    const r = await fw('train', '--csv', weather, ...args, '--no-db', '--out', join(dir, 'out'))
    expect(r).toEqual({ code: 2, stdout: '', stderr: `fw train: ${said}` })
  })

  it('--rule with --task regression: refused in the words a config file with both gets, not run as classification', async () => {
    // before, the flag's rule turned the task to classification without a word (exploratory pass 23, finding 3)
    const cfg = join(dir, 'rule-regression.json')
    writeFileSync(cfg, JSON.stringify({ data: { task: 'regression', rule: 'rain > 0' } }))
    const file = await fw('train', '--csv', weather, '--target', 'rain', '--config', cfg, '--no-db', '--out', join(dir, 'out'))
    const flags = await fw('train', '--csv', weather, '--target', 'rain', '--rule', 'rain > 0', '--task', 'regression', '--no-db', '--out', join(dir, 'out'))
    const said = "fw train: data.rule makes the target two classes, so it needs data.task 'classification' (got 'regression'); leave data.task out or remove the rule\n  (data.rule is --rule on the command line)\n"
    expect(file).toEqual({ code: 2, stdout: '', stderr: said })
    expect(flags).toEqual({ code: 2, stdout: '', stderr: said })
    // --rule alone still implies classification, as its help says
    const p = parseArgs(['--csv', weather, '--target', 'rain', '--rule', 'rain > 0'], TRAIN_FLAGS)
    expect(buildConfig(p, await readCsvFile(weather, {})).data).toMatchObject({ task: 'classification', rule: 'rain > 0' })
  })

  it('fw inspect --type too', async () => {
    const r = await fw('inspect', '--csv', weather, '--type', 'Temp=numeric')
    expect(r.stderr).toBe(`fw inspect: weather3.csv (column "Temp"): column "Temp", given a type, is not in the header (did you mean "temp"?); ${cols}\n`)
  })
})
