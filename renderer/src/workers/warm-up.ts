// The rows an import worker reads once before any file (import.worker.ts, 'warm'), so that the
// analyst's first import runs code the engine has already compiled: in chromium a fresh worker took
// 2.98 s for its first 1M-row x 10-column import and 2.13-2.24 s for the same file again (issue 13's
// probe). The rows hold what analysts' files hold, so every reader is exercised: an ISO date-time,
// integers, decimals, negatives, an exponent, a missing-value marker, empty cells and a categorical
// column. Deterministic: no randomness, so the warm-up costs the same every time.

/** `rows` lines of generated CSV with a header; 40,000 rows are about 2.6 MB. */
export function warmUpCsv(rows = 40_000): string {
  const levels = ['north', 'south', 'east', 'west', 'centre']
  const t0 = Date.UTC(2000, 0, 1)
  const lines = ['time,level,count,share,change,note,site']
  for (let i = 0; i < rows; i++) {
    const t = new Date(t0 + i * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
    const level = (Math.sin(i / 24) * 10 + i / 1000).toFixed(3)
    const share = i % 97 === 0 ? 'NA' : ((i * 7919) % 100_000 / 100_000).toFixed(5)
    const change = i % 89 === 0 ? '' : String((i % 7) - 3)
    const note = i % 2 ? '1e-3' : '2.5e2'
    lines.push(`${t},${level},${i % 1000},${share},${change},${note},${levels[i % levels.length]}`)
  }
  return lines.join('\n') + '\n'
}
