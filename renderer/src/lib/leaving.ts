// Leaving the app's page, and moving back and forth between its views.

/** Which way a key or mouse button moves in history, as a browser has it: -1 for the mouse's back
 *  button (button 3), Alt+Left (Cmd+[ on a Mac); 1 for forward (button 4, Alt+Right, Cmd+]); 0 for
 *  anything else. The Electron window has no Back button and Chromium leaves these to the browser
 *  around it, so there App.vue moves between views with them; a browser does it itself. */
export function historyStep(e: KeyboardEvent | MouseEvent, mac = false): -1 | 0 | 1 {
  if ('button' in e) return e.button === 3 ? -1 : e.button === 4 ? 1 : 0
  if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && !mac) return e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0
  if (e.metaKey && !e.ctrlKey && !e.altKey && !e.shiftKey && mac) return e.key === '[' ? -1 : e.key === ']' ? 1 : 0
  return 0
}

/** Whether leaving the page (Back past the app's first view, a reload, closing the tab) would lose
 *  work: a file importing, or imported and not stored (a file is stored when a run first trains on
 *  it), with the Setup edits made on it. A stored dataset's Setup draft is kept across reloads
 *  (setup.ts keepDraft), and runs train on in the server. */
export function lostOnLeaving(ds: { dataset: unknown; datasetId: number | null; importing: string | null }): boolean {
  return ds.importing !== null || (ds.dataset !== null && ds.datasetId === null)
}
