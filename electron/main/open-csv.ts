// File › Open CSV… (issue 17). Chromium opens a file chooser only with user activation, which an
// IPC message from the menu does not carry, so `fileInput.click()` in the renderer did nothing.
// Main shows the native open dialog instead and hands the chosen file's bytes to the renderer,
// which imports them exactly as a dropped file (papaparse in its Web Worker). The renderer listens
// in App.vue, so this works from every view, by mouse or keyboard (Ctrl+O, Alt+F).
import { LIMITS } from '../contract'
import type { OpenedFile } from '../contract'

export interface OpenCsvShell<W> {
  /** The window to parent the dialog to and to send the file to. */
  window(): W | null
  showOpenDialog(win: W, options: { title: string; properties: ['openFile']; filters: { name: string; extensions: string[] }[] }): Promise<{ canceled: boolean; filePaths: string[] }>
  size(path: string): Promise<number>
  read(path: string): Promise<Uint8Array>
  send(win: W, file: OpenedFile): void
  /** Tells the user why the file was not opened (too large, unreadable). */
  refuse(win: W, message: string, detail: string): void
}

export type OpenCsvOutcome = 'opened' | 'cancelled' | 'refused' | 'no-window'

export async function openCsvFromMenu<W>(shell: OpenCsvShell<W>): Promise<OpenCsvOutcome> {
  const win = shell.window()
  if (!win) return 'no-window'
  const r = await shell.showOpenDialog(win, {
    title: 'Open CSV',
    properties: ['openFile'],
    filters: [
      { name: 'CSV and text', extensions: ['csv', 'tsv', 'txt'] },
      { name: 'All files', extensions: ['*'] }
    ]
  })
  const path = r.filePaths[0]
  if (r.canceled || !path) return 'cancelled'
  const name = path.split(/[\\/]/).pop() || path
  try {
    const size = await shell.size(path)
    if (size > LIMITS.openFileBytes) {
      shell.refuse(win, `${name} is too large to open from the menu (${(size / 1024 ** 3).toFixed(1)} GB).`, 'Drop it on the window instead: a dropped file is read in pieces, never whole.')
      return 'refused'
    }
    shell.send(win, { name, path, bytes: await shell.read(path) })
    return 'opened'
  } catch (e) {
    shell.refuse(win, `${name} could not be read.`, e instanceof Error ? e.message : String(e))
    return 'refused'
  }
}
