// A long file of three monthly stores of 40, 60 and 100 months, for the default look-back of one
// model across them (core/train/global-lookback.ts): read by fw train's tests and Setup's, so that
// both front ends are checked on the same file. Each store's own default differs (two seasons of
// 12 months, capped for a short series: 13, 20 and 24 rows), so the first store's (the old rule's)
// depends on which comes first and the median's does not.
export const STORE_MONTHS: Record<string, number> = { a: 40, b: 60, c: 100 }

/** The CSV text (month,store,sales), its stores in `order`. */
export function storesCsv(order: readonly string[]): string {
  const rows = ['month,store,sales']
  for (const s of order)
    for (let m = 0; m < STORE_MONTHS[s]!; m++) {
      const level = 100 * (1 + Object.keys(STORE_MONTHS).indexOf(s))
      rows.push(`${new Date(Date.UTC(2010, m, 1)).toISOString().slice(0, 10)},${s},${(level + 10 * Math.sin((2 * Math.PI * m) / 12) + ((m * 7) % 5)).toFixed(1)}`)
    }
  return rows.join('\n') + '\n'
}
