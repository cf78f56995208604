// File › Open CSV… through main's native dialog (issue 17): the chosen file's bytes go to the
// window that asked, the dialog is parented to it, and cancel, too-large and unreadable files say so.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { LIMITS } from '../contract'
import type { OpenedFile } from '../contract'
import { openCsvFromMenu } from './open-csv'
import type { OpenCsvShell } from './open-csv'

const dir = mkdtempSync(join(tmpdir(), 'fw open csv '))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function shell(filePaths: string[], over: Partial<OpenCsvShell<string>> = {}) {
  const sent: { win: string; file: OpenedFile }[] = []
  const refused: string[] = []
  const s: OpenCsvShell<string> = {
    window: () => 'main window',
    showOpenDialog: vi.fn(async () => ({ canceled: filePaths.length === 0, filePaths })),
    size: async (p) => (await stat(p)).size,
    read: async (p) => new Uint8Array(await readFile(p)),
    send: (win, file) => void sent.push({ win, file }),
    refuse: (_w, message) => void refused.push(message),
    ...over
  }
  return { s, sent, refused }
}

describe('the menu\'s Open CSV', () => {
  it('shows the native dialog parented to the window and sends the file\'s bytes, name and path', async () => {
    const file = join(dir, 'sales 2024.csv')
    writeFileSync(file, 'date,y\n2024-01-01,1\n')
    const { s, sent } = shell([file])
    await expect(openCsvFromMenu(s)).resolves.toBe('opened')
    expect(s.showOpenDialog).toHaveBeenCalledWith('main window', expect.objectContaining({ properties: ['openFile'] }))
    expect(sent).toHaveLength(1)
    expect(sent[0]!.win).toBe('main window')
    expect(sent[0]!.file.name).toBe('sales 2024.csv')
    expect(sent[0]!.file.path).toBe(file)
    expect(new TextDecoder().decode(sent[0]!.file.bytes)).toBe('date,y\n2024-01-01,1\n')
  })

  it('takes the name from a Windows path too', async () => {
    const { s, sent } = shell(['C:\\Users\\Ana\\My Data\\q1.csv'], { size: async () => 3, read: async () => new Uint8Array([1, 2, 3]) })
    await openCsvFromMenu(s)
    expect(sent[0]!.file.name).toBe('q1.csv')
  })

  it('does nothing when cancelled, and nothing without a window', async () => {
    const a = shell([])
    await expect(openCsvFromMenu(a.s)).resolves.toBe('cancelled')
    expect(a.sent).toEqual([])
    const b = shell(['x'], { window: () => null })
    await expect(openCsvFromMenu(b.s)).resolves.toBe('no-window')
    expect(b.s.showOpenDialog).not.toHaveBeenCalled()
  })

  it('refuses a file too large to send whole, pointing to drag and drop, and says when a file cannot be read', async () => {
    const big = shell(['/data/huge.csv'], { size: async () => LIMITS.openFileBytes + 1, read: vi.fn() })
    await expect(openCsvFromMenu(big.s)).resolves.toBe('refused')
    expect(big.refused[0]).toMatch(/huge\.csv is too large/)
    expect(big.s.read).not.toHaveBeenCalled()
    const gone = shell([join(dir, 'missing.csv')])
    await expect(openCsvFromMenu(gone.s)).resolves.toBe('refused')
    expect(gone.refused[0]).toBe('missing.csv could not be read.')
  })
})
