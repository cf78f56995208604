// The one order in which series (the values of a series column, or their labels) are shown to a
// user: natural, so that "store 2" comes before "store 10". Display only: a run's series index,
// its embeddings and its training order stay in file order.

/** Labels in natural order: digit runs compare as numbers (s2 before s10), the rest case-blind.
 *  Not Intl.Collator: the first Intl object in a page loads ICU's locale data, a 50-130 ms task
 *  on the click that sorts (the app formats numbers without Intl for the same reason). */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g
  const xs = a.toLowerCase().match(re) ?? []
  const ys = b.toLowerCase().match(re) ?? []
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i]!
    const y = ys[i]!
    if (x === y) continue
    const dx = x.charCodeAt(0) <= 57 && x.charCodeAt(0) >= 48
    const dy = y.charCodeAt(0) <= 57 && y.charCodeAt(0) >= 48
    if (dx && dy) {
      const u = x.replace(/^0+(?=\d)/, '')
      const v = y.replace(/^0+(?=\d)/, '')
      if (u.length !== v.length) return u.length - v.length
      if (u !== v) return u < v ? -1 : 1
      continue // same number, other zeros: decided by what follows, else below
    }
    return x < y ? -1 : 1
  }
  return xs.length !== ys.length ? xs.length - ys.length : a < b ? -1 : a > b ? 1 : 0
}

/** A copy of `xs` in natural order of their labels (naturalCompare); equal labels keep their order.
 *  Every list of series shown to a person goes through this or naturalCompare. */
export function naturalBy<T>(xs: readonly T[], label: (x: T) => string): T[] {
  return [...xs].sort((a, b) => naturalCompare(label(a), label(b)))
}

/** A series' label from its id columns and key ('region = a, store = 20'), as core/data/global.ts
 *  names it: for sorting lists that carry the key alone in the order labelled lists are sorted. */
export function seriesLabelOf(columns: readonly string[], key: readonly string[]): string {
  return columns.map((c, j) => `${c} = ${key[j]}`).join(', ')
}
