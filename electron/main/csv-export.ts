// The forecast CSV. Text cells that a spreadsheet would run as a formula (= + - @, tab, CR at the
// start) get a leading apostrophe; numbers stay bare so they remain numbers.
export type Cell = string | number | null

export function csvCell(v: Cell): string {
  if (v === null) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  let s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  if (/[",\n\r]/.test(s)) s = `"${s.replace(/"/g, '""')}"`
  return s
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
