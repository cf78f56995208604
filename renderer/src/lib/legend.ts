// The legend's swatches drawn as the chart draws each dataset (chart.js's own are a dataset's point
// style, a circle by default: a dashed validation line and a shaded interval band both showed as
// round dots, the band's a pale disc that read as a point).
import type { ChartDataset, LegendItem } from 'chart.js'

/** The swatch of a dataset: a band (filled to another line, no line of its own) a filled box in
 *  its fill; points without a line their point; a line a short line, dashed as it is. */
export function legendMark(ds: ChartDataset): Pick<LegendItem, 'pointStyle' | 'fillStyle' | 'strokeStyle' | 'lineWidth' | 'lineDash'> {
  const d = ds as ChartDataset<'line'>
  const colour = (c: unknown, fallback: string) => (typeof c === 'string' ? c : fallback)
  const fill = colour(d.backgroundColor, 'transparent')
  const stroke = colour(d.borderColor, fill)
  if (d.fill && d.fill !== 'false' && (stroke === 'transparent' || !d.borderWidth)) return { pointStyle: 'rect', fillStyle: fill, strokeStyle: stroke === 'transparent' ? fill : stroke, lineWidth: 0, lineDash: [] }
  if (d.showLine === false) return { pointStyle: typeof d.pointStyle === 'string' ? d.pointStyle : 'circle', fillStyle: fill, strokeStyle: stroke, lineWidth: typeof d.borderWidth === 'number' ? d.borderWidth : 1, lineDash: [] }
  return { pointStyle: 'line', fillStyle: stroke, strokeStyle: stroke, lineWidth: 2, lineDash: Array.isArray(d.borderDash) ? d.borderDash.filter((x): x is number => typeof x === 'number') : [] }
}

/** The legend's items (chart.js's generateLabels): each dataset's label and swatch, struck through
 *  when it is hidden. */
export function legendItems(datasets: readonly ChartDataset[], visible: (i: number) => boolean, fontColor: string): LegendItem[] {
  return datasets.map((ds, i) => ({ text: ds.label ?? '', datasetIndex: i, hidden: !visible(i), fontColor, ...legendMark(ds) }))
}
