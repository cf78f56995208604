// The import worker's two-part read of a dropped file (import-file.ts), with an in-process helper that
// answers as import-part.worker.ts does (answerPart; its replies structured-cloned, buffers transferred): the same
// Dataset or error as the one-part import of the same Blob, the helper terminated when its part is
// not needed, and a failed helper leaves the import worker to read on.
import { describe, expect, it, vi } from 'vitest'
import { importCsv } from '../../../core/data/import'
import type { Dataset } from '../../../core/data/types'
import { answerPart, importFile, middleBreak, type Helper, type PartReply, type PartRequest } from './import-file'
import { textChunks } from './text-chunks'

function fakeHelper(fail = false) {
  const h = {
    onmessage: null as ((e: MessageEvent<PartReply>) => void) | null,
    onerror: null as ((e: ErrorEvent) => void) | null,
    terminate: vi.fn(),
    postMessage: vi.fn(async (req: PartRequest) => {
      if (req.type !== 'part') return
      if (fail) return setTimeout(() => h.onerror?.({ message: 'out of memory' } as ErrorEvent))
      await answerPart(req, (reply, transfer = []) => h.onmessage?.({ data: structuredClone(reply, { transfer }) } as MessageEvent<PartReply>))
    })
  }
  return h
}

async function both(text: string, helper = fakeHelper()) {
  const file = new Blob([text])
  const opts = { fileName: 'drop.csv' }
  const settle = (p: Promise<Dataset>) => p.then((ds) => ({ ds }), (e: Error & { code?: string; line?: number; row?: number }) => ({ error: { message: e.message, code: e.code, line: e.line, row: e.row } }))
  const one = await settle(importCsv(textChunks(file), opts))
  const stopped = vi.fn()
  const two = await settle(importFile(file, opts, () => {}, () => helper as unknown as Helper, stopped, 1000))
  return { one, two, asked: helper.postMessage.mock.calls.length > 0, stopped: stopped.mock.calls.length > 0 && helper.terminate.mock.calls.length > 0 }
}

const body = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\r\n') + '\r\n'

describe('importFile: a dropped file read in two parts', () => {
  it('equals the one-part import: CR LF, quotes, multi-byte text and a U+FEFF right after the middle line break', async () => {
    const half = body(60, (i) => `${['north', 'south'][i % 2]},"é ${i}",${i * 0.5}`)
    // the byte middle falls inside the long line, whose line break is followed by a U+FEFF
    const text = `\uFEFFsite,note,v\r\n${half}south,"${'w'.repeat(3000)}",1\r\n\uFEFFnorth,"😀\r\nb",1\r\n${half}`
    const file = new Blob([text])
    const at = await middleBreak(file)
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(await file.slice(at, at + 3).arrayBuffer()))).toBe('\uFEFF') // the part starts with it
    const r = await both(text)
    expect(r.two).toEqual(r.one)
    expect([r.asked, r.stopped]).toEqual([true, false])
    expect('ds' in r.one && r.one.ds.format.bom).toBe(false) // the decoder drops the file's own BOM, as before
    expect('ds' in r.one && (r.one.ds.columns[0] as { levels: string[] }).levels).toEqual(['north', 'south', '\uFEFFnorth'])
  })

  it('a middle line break inside a quoted field (a U+FEFF after it): the helper is terminated and the import worker reads on', async () => {
    const text = 'id,note\n' + body(200, (i) => `${i},x`) + `99,"${'long\n\uFEFF'.repeat(200)}"\n` + body(200, (i) => `${i},y`)
    const r = await both(text)
    expect(r.two).toEqual(r.one)
    expect([r.asked, r.stopped]).toEqual([true, true])
  })

  it('an error in the helper\'s part names the whole file\'s line and record', async () => {
    const text = 'a,b\n' + body(300, (i) => (i === 270 ? '1,2,3' : `${i},${i}`))
    const r = await both(text)
    expect('error' in r.one && r.one.error).toMatchObject({ code: 'ragged-row', line: 272, row: 271 })
    expect(r.two).toEqual(r.one)
    expect([r.asked, r.stopped]).toEqual([true, false])
  })

  it('months written newest first with one-digit months (12-24, …, 1-00) are read as months, as by the one-part import', async () => {
    // December 2024 back to January 2000, month first (m-yy: a second part above 12 says so)
    const text = 'month,v\r\n' + body(300, (i) => `${12 - (i % 12)}-${String(24 - Math.floor(i / 12)).padStart(2, '0')},${i}`)
    const r = await both(text)
    expect(r.two).toEqual(r.one)
    expect(r.asked).toBe(true)
    const c = 'ds' in r.one ? r.one.ds.columns[0] as { kind: string; format?: string; values: Float64Array } : null
    expect([c?.kind, c?.format]).toEqual(['date', 'year-month'])
    expect([c!.values[0], c!.values[299]].map((t) => new Date(t).toISOString().slice(0, 7))).toEqual(['2024-12', '2000-01'])
  })

  it('a helper that fails leaves the import worker to read its part; a small file never asks it', async () => {
    const text = 'a,b\n' + body(300, (i) => `${i},${i % 3}`)
    const failing = await both(text, fakeHelper(true))
    expect(failing.two).toEqual(failing.one)
    expect(failing.asked).toBe(true)
    const small = await both('a,b\n1,2\n')
    expect(small.two).toEqual(small.one)
    expect(small.asked).toBe(false)
  })

  it('a Windows-1252 file: refused as UTF-8 naming the column, read as Windows-1252 when asked, in one part and in two', async () => {
    const text = 'date,ventes_été,note\n' + body(300, (i) => `2020-01-${String((i % 28) + 1).padStart(2, '0')},${i},${i === 250 ? 'crème' : 'plain'}`)
    const file = new Blob([Buffer.from(text, 'latin1')])
    const asked = { fileName: 'w.csv', encoding: 'windows-1252' as const }
    const refused = await importFile(file, { fileName: 'w.csv' }, () => {}, () => null, () => {}).catch((e: Error & { code?: string; line?: number }) => e)
    expect(refused).toMatchObject({ code: 'invalid-utf8', line: 1 })
    expect((refused as Error).message).toContain('bytes that are not valid UTF-8 in column 2 of the header')
    const one = await importFile(file, asked, () => {}, () => null, () => {})
    expect(one.columns.map((c) => c.name)).toEqual(['date', 'ventes_été', 'note'])
    expect((one.columns[2] as { levels: string[] }).levels).toEqual(['plain', 'crème'])
    expect(one.notices.some((n) => n.code === 'encoding')).toBe(true)
    const helper = fakeHelper()
    const two = await importFile(file, asked, () => {}, () => helper as unknown as Helper, () => {}, 1000)
    expect(helper.postMessage.mock.calls.length).toBe(1) // the helper read the second part, decoded as asked
    expect(two).toEqual(one)
  })
})
