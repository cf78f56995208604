// The CLI's in-place lines (statusLine, core/cli/format.ts): progress rewritten in place on a
// terminal, erased before anything else is written to that terminal, on stdout or stderr, so that no
// line runs on from it; on a pipe, no control character at all.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from './index'
import { displayWidth, keepLine, onTerminal, statusLine, type Out } from './format'
import { PREPARE_STEPS } from '../train/prepare'

const sample = new URL('../../resources/samples/co2-concentration.csv', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'fw-status-line-'))

/** What a terminal shows after `bytes`: '\r' goes back to the line's start, ESC[K erases the rest of
 *  the line, '\n' starts the next one, any other character is drawn over the one under the cursor. */
function screen(bytes: string): string[] {
  const lines = ['']
  let col = 0
  for (let i = 0; i < bytes.length; i++) {
    const ch = bytes[i]!
    const at = lines.length - 1
    if (ch === '\r') col = 0
    else if (ch === '\n') lines.push(''), (col = 0)
    else if (bytes.startsWith('\x1b[K', i)) (lines[at] = lines[at]!.slice(0, col)), (i += 2)
    else (lines[at] = lines[at]!.slice(0, col).padEnd(col) + ch + lines[at]!.slice(col + 1)), col++
  }
  return lines
}

/** stdout and stderr of one terminal (`tty`) or two pipes: what each wrote, and all of it in order. */
function streams(tty: boolean): { out: Out; err: Out; all: () => string } {
  let all = ''
  const of = (): Out => ({ isTTY: tty, write: (s) => void (all += s) })
  return { out: of(), err: of(), all: () => all }
}

describe('statusLine', () => {
  it('rewrites its line in place on a terminal and erases it on clear; on a pipe writes nothing', () => {
    const t = streams(true)
    const line = statusLine(t.err)
    line.show('reading: 10 %')
    line.show('reading: 20 %')
    expect(t.all()).toBe('\rreading: 10 %\x1b[K\rreading: 20 %\x1b[K')
    line.clear()
    line.clear() // once erased, nothing more
    expect(screen(t.all())).toEqual([''])
    const p = streams(false)
    statusLine(p.err).show('reading: 10 %')
    statusLine(p.err).clear()
    keepLine(p.out)
    expect(p.all()).toBe('')
  })

  it("one terminal: a write on stderr erases stdout's line first, and the reverse; keepLine keeps it", () => {
    const t = streams(true)
    const [out, err] = onTerminal([t.out, t.err], true) as [Out, Out]
    statusLine(out).show('preparing the data: 3 of 9 series prepared')
    err.write('fw train: refused\n')
    statusLine(err).show('model.xlsx: 40 % (rows)')
    out.write('done\n')
    statusLine(out).show('[####] epoch 2/2')
    keepLine(out)
    err.write('note\n')
    expect(screen(t.all())).toEqual(['fw train: refused', 'done', '[####] epoch 2/2', 'note', ''])
  })

  it("fits its line in an 80-column terminal's width, through onTerminal, wide characters counted as two", () => {
    // a wrapped line is not rewritten by '\r': each show left a broken row above the next
    const t = streams(true)
    const [out] = onTerminal([{ ...t.out, columns: 80 }, t.err], true) as [Out, Out]
    statusLine(out).show(`${'销售数据'.repeat(12)}.csv: 40 % of 12.5 MB read`)
    const [row] = screen(t.all())
    expect(row).toBe(`${'销售数据'.repeat(7)}…: 40 % of 12.5 MB read`)
    expect(displayWidth(row!)).toBeLessThan(80)
  })

  it('two terminals: a write on one leaves the line on the other alone', () => {
    const t = streams(true)
    const [out, err] = onTerminal([t.out, t.err], false) as [Out, Out]
    statusLine(out).show('epoch 1: 2 of 9 batches')
    err.write('x')
    expect(t.all()).toBe('\repoch 1: 2 of 9 batches\x1b[Kx')
  })
})

describe('fw on a terminal and on pipes', () => {
  const refused = ['train', '--csv', sample, '--target', 'Date', '--epochs', '1', '--no-db', '--out', join(dir, 'refused')]
  const refusal = 'fw train: target: "Date" is the time column (dates) of co2-concentration.csv, not values to forecast; the target is a column of numbers (here: "CO2", "adjusted CO2"), or of classes with a classification task'

  it("a refusal on stderr after 'preparing the data: …' in place on stdout: on a line of its own", async () => {
    const t = streams(true)
    expect(await main(refused, t.out, t.err)).toBe(2)
    expect(t.all()).toContain('\rpreparing the data') // it was shown in place, then erased
    expect(screen(t.all())).toEqual([refusal, ''])
  })

  it('on pipes: the same lines, and no control character at all', async () => {
    const t = streams(false)
    expect(await main(refused, t.out, t.err)).toBe(2)
    expect(t.all()).toBe(`preparing the data (splitting, scaling, cutting it into windows): 0 of ${PREPARE_STEPS} steps done\n${refusal}\n`)
  })

  it("fw inspect's in-place progress on stderr is gone before the report, which starts its own line", async () => {
    const t = streams(true)
    expect(await main(['inspect', '--csv', sample], t.out, t.err)).toBe(0)
    expect(t.all()).toContain('\rreading co2-concentration.csv')
    expect(screen(t.all())[0]).toMatch(/^\S*co2-concentration\.csv: \d+ rows, ','-separated, decimal dot$/)
    const p = streams(false)
    expect(await main(['inspect', '--csv', sample], p.out, p.err)).toBe(0)
    expect(p.all()).not.toMatch(/[\r\x1b]/)
  })
})
