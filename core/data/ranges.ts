/** Whole numbers as a list with three or more in a row as a range: "1, 2, 5–9" (dash '–'), or
 *  "3-10, 14" (dash '-', as fw rm reads them back). One copy for the folds of a backtest's words and
 *  the run ids of fw rm's. */
export function rangeList(xs: readonly number[], dash: string): string {
  const sorted = [...new Set(xs)].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++
    parts.push(j === i ? `${sorted[i]}` : j === i + 1 ? `${sorted[i]}, ${sorted[j]}` : `${sorted[i]}${dash}${sorted[j]}`)
    i = j + 1
  }
  return parts.join(', ')
}
