// A file of another kind where a flag takes a database or a model: a CSV given as --db was called a
// damaged database, and as --model 'not valid JSON' or 'not an ONNX model'. Each is now said to be
// a CSV, exit 2, and the file is left exactly as it was; so is another application's SQLite database.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { checkpoint, seedRun } from '../store/test-fixtures/sample'
import { kindOf } from './file-kind'
import { fw } from './test-fixtures/fw'

const sample = new URL('../../resources/samples/co2-concentration.csv', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'fw-wrong-file-'))
const good = join(dir, 'good.csv')
copyFileSync(sample, good)
const CSV = 'it looks like a CSV; its first line is "Date,CO2,adjusted CO2"'

describe('a CSV given as --db', () => {
  it('is not a Forecast Workbench database, for every command that opens one; the file is untouched', async () => {
    const before = readFileSync(good)
    const why = `--db ${good}: not a Forecast Workbench database (${CSV}); name the run database (with --db FILE or FW_DB), and give the CSV with --csv\n`
    for (const argv of [['runs', '--db', good], ['show', '1', '--db', good], ['rm', '1', '--db', good], ['forecast', '--run', '1', '--steps', '2', '--out', join(dir, 'f.csv'), '--db', good]]) {
      const r = await fw(...argv)
      expect([r.code, r.stdout, r.stderr], argv[0]).toEqual([2, '', `fw ${argv[0]}: ${why}`])
    }
    const t = await fw('train', '--csv', sample, '--target', 'CO2', '--epochs', '1', '--db', good, '--out', join(dir, 'o'))
    expect([t.code, t.stderr]).toEqual([2, `fw train: ${why}`])
    expect(readFileSync(good).equals(before)).toBe(true)
    expect(readdirSync(dir).filter((f) => f.startsWith('good')).sort()).toEqual(['good.csv']) // no -wal, -shm or -journal beside it, no output
  })
})

describe('a database that is not one, or is damaged', () => {
  // browser mode says the same (electron/web/launch.test.ts): one diagnosis, and what to do
  const STEP = 'move the file aside and start again with a new database, or open another (with --db FILE or FW_DB)'
  it('random bytes are said not to be a database, and what to do, not just "damaged"', async () => {
    const f = join(dir, 'noise.db')
    writeFileSync(f, Buffer.from(Array.from({ length: 100 }, (_, i) => (i * 97 + 13) % 256)))
    const r = await fw('runs', '--db', f)
    expect([r.code, r.stderr]).toEqual([2, `fw runs: --db ${f}: not a Forecast Workbench database (it is not an SQLite database, nor text: it starts with the bytes 0d 6e cf 30 91 f2 53 b4 …); ${STEP}\n`])
  })

  it('an Excel workbook (a ZIP archive) is said to be one, not just "not text"', async () => {
    const f = join(dir, 'book.xlsx')
    writeFileSync(f, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.from('[Content_Types].xml')]))
    const r = await fw('runs', '--db', f)
    expect([r.code, r.stderr]).toEqual([2, `fw runs: --db ${f}: not a Forecast Workbench database (it is a ZIP archive, such as an Excel workbook, not an SQLite database); ${STEP}\n`])
  })

  it('an SQLite file with damaged pages is said to be damaged, why, and what to do', async () => {
    const f = join(dir, 'torn.db')
    const header = Buffer.from('SQLite format 3\u0000')
    writeFileSync(f, Buffer.concat([header, Buffer.alloc(700_000 - header.length, 0x5a)]))
    const r = await fw('runs', '--db', f)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^fw runs: --db ${f}: the database is damaged \\(.+\\); ${STEP.replace(/[()]/g, '\\$&')}\n$`))
  })
})

describe('a database damaged where a command reads nothing (the checkpoints table)', () => {
  // fw checks every page before a command's first change, not on open: reading commands skip the
  // check (a third of fw runs' time), and a change is still refused before anything is written
  const STEP = 'move the file aside and start again with a new database, or open another (with --db FILE or FW_DB)'
  const damaged = (): string => {
    const f = join(dir, 'torn-checkpoints.db')
    const store = openStore(f, { appVersion: 'test' })
    const { runId } = seedRun(store)
    store.saveCheckpoint(runId, ['last'], checkpoint(1, 50_000))
    store.cancelRun(runId)
    store.close()
    const db = new Database(f, { readonly: true })
    const root = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'checkpoints'").pluck().get() as number
    const pageSize = db.pragma('page_size', { simple: true }) as number
    db.close()
    const bytes = readFileSync(f)
    bytes.fill(0xa5, (root - 1) * pageSize, root * pageSize)
    writeFileSync(f, bytes)
    return f
  }

  it('fw runs lists the runs; fw rm refuses before writing, naming the file and what to do', async () => {
    const f = damaged()
    const before = readFileSync(f)
    const runs = await fw('runs', '--db', f)
    expect(runs.stderr).toBe('')
    expect(runs.code).toBe(0)
    expect(runs.stdout).toMatch(/^1 +cancelled/m)
    const rm = await fw('rm', '1', '--db', f)
    expect([rm.code, rm.stderr]).toEqual([2, `fw rm: the run database ${f}: the database is damaged (database disk image is malformed); ${STEP}\n`])
    expect(readFileSync(f).equals(before)).toBe(true)
  })
})

describe("another application's SQLite database given as --db", () => {
  // it was written to: fw runs said 'no runs yet' and left the whole schema in it, or failed as an
  // internal error at migration 001 (a table of the same name) or 009 (user_version 7)
  const WHY = 'not a Forecast Workbench database (an SQLite database of another application'
  const STEP = 'name the run database (with --db FILE or FW_DB)'
  const foreign = (name: string, sql: string): string => {
    const f = join(dir, name)
    const db = new Database(f)
    db.exec(sql)
    db.close()
    return f
  }

  it('is named by its tables, exit 2, for reading and for training; the file is untouched', async () => {
    const f = foreign('notes.db', "CREATE TABLE t (x); INSERT INTO t VALUES ('kept')")
    const before = readFileSync(f)
    for (const argv of [['runs', '--db', f], ['show', '1', '--db', f], ['train', '--csv', sample, '--target', 'CO2', '--epochs', '1', '--db', f, '--out', join(dir, 'o2')]]) {
      const r = await fw(...argv)
      expect([r.code, r.stdout, r.stderr], argv[0]).toEqual([2, '', `fw ${argv[0]}: --db ${f}: ${WHY}: table t); ${STEP}\n`])
    }
    expect(readFileSync(f).equals(before)).toBe(true)
    expect(readdirSync(dir).filter((n) => n.startsWith('notes'))).toEqual(['notes.db'])
    expect(existsSync(join(dir, 'o2'))).toBe(false)
  })

  it('with a runs table, or user_version 7: the same, not an internal error', async () => {
    const runs = foreign('runs-table.db', 'CREATE TABLE runs (id INTEGER PRIMARY KEY)')
    const r = await fw('runs', '--db', runs)
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(new RegExp(`^fw runs: --db ${runs}: ${WHY.replace(/[()]/g, '\\$&')}: table runs; it lacks Forecast Workbench's tables .+\\); ${STEP.replace(/[()]/g, '\\$&')}\n$`))])
    const v7 = foreign('v7.db', 'CREATE TABLE t (x); PRAGMA user_version = 7')
    const before = readFileSync(v7)
    const s = await fw('runs', '--db', v7)
    expect([s.code, s.stderr]).toEqual([2, `fw runs: --db ${v7}: ${WHY}: table t); ${STEP}\n`])
    expect(readFileSync(v7).equals(before)).toBe(true)
  })

  it('an SQLite file with nothing in it still becomes the run database', async () => {
    const f = foreign('empty.db', 'CREATE TABLE scratch (x); DROP TABLE scratch')
    const r = await fw('runs', '--db', f)
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toMatch(/no runs/)
  })
})

describe('a CSV given as --model', () => {
  it('is not a model file, and --model says what it takes', async () => {
    const p = await fw('predict', '--model', good, '--csv', sample, '--out', join(dir, 'p.csv'))
    expect([p.code, p.stdout, p.stderr]).toEqual([2, '', `fw predict: --model ${good}: not a model file (${CSV}); --model takes a model file: the model.json that fw train writes (or fw export --model), or an .onnx file from fw export --onnx, and the data goes in --csv\n`])
    const f = await fw('forecast', '--model', good, '--csv', sample, '--steps', '3', '--out', join(dir, 'f.csv'))
    expect([f.code, f.stdout, f.stderr]).toEqual([2, '', `fw forecast: --model ${good}: not a model file (${CSV}); --model takes a model file: the model.json that fw train writes (or fw export --model), or an .onnx file from fw export --onnx, and the data goes in --csv\n`])
    expect(existsSync(join(dir, 'p.csv')) || existsSync(join(dir, 'f.csv'))).toBe(false)
  })

  it('as fw export --from, is said to be a CSV too, and no ONNX file is written', async () => {
    const e = await fw('export', '--from', good, '--onnx', join(dir, 'm.onnx'))
    expect([e.code, e.stdout, e.stderr]).toEqual([2, '', `fw export: --from ${good}: not a model file (${CSV}); --from takes a model file: the model.json that fw train writes (or fw export --model)\n`])
    expect(existsSync(join(dir, 'm.onnx'))).toBe(false)
  })
})

describe('kindOf', () => {
  const bytes = (s: string) => new TextEncoder().encode(s)
  it('tells a database, JSON, a CSV, other text and binary (an ONNX protobuf) apart', () => {
    expect(kindOf(bytes('SQLite format 3\u0000\u0010\u0000')).kind).toBe('sqlite')
    expect(kindOf(bytes('  {"format": "forecast-workbench-model"')).kind).toBe('json')
    expect(kindOf(bytes('\uFEFFdate;y\r\n2020-01-01;1,5\r\n'))).toEqual({ kind: 'csv', firstLine: 'date;y' })
    expect(kindOf(bytes('hello\nworld\n')).kind).toBe('text')
    expect(kindOf(Uint8Array.from([0x08, 0x07, 0x12, 0x12, ...bytes('forecast-workbench'), 0x3a, 0x0a]))).toEqual({ kind: 'binary', firstLine: '', firstBytes: '08 07 12 12 66 6f 72 65 …' })
    expect(kindOf(Uint8Array.from([0x00, 0xff]))).toEqual({ kind: 'binary', firstLine: '', firstBytes: '00 ff' })
    // a multi-byte character cut at the end of the bytes read is still text
    expect(kindOf(bytes('date,temp °C\n1,2\n').subarray(0, 11)).kind).toBe('csv')
  })
})
