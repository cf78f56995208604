// @vitest-environment happy-dom
// Evaluate's per-series table of a global classification: each series' accuracy, Brier, log loss,
// its own training rate's Brier and whether it beats it (RunSeriesRow.classes), sortable as the
// regression's columns are; a regression's series keep MAE, MASE and naive.
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { RunSeriesRow, SeriesClassScores } from '../../../electron/contract'
import SeriesMetricsTable from './SeriesMetricsTable.vue'

const row = (i: number, classes?: SeriesClassScores): RunSeriesRow => ({
  number: i + 1, key: [`c${i + 1}`], label: `city = c${i + 1}`, n: 10, mae: classes ? null : i + 1, mase: classes ? null : 1, naiveMae: classes ? null : 2,
  seasonalNaiveMae: null, coverage: null, beatsNaive: !classes, forecastBy: 'network', forecastLabel: null, rangeNote: null, ...(classes ? { classes } : {})
})
const classRows = [
  row(0, { accuracy: 0.8, brier: 0.2, logLoss: 0.61, rateBrier: 0.25, beatsRate: 'yes' }),
  row(1, { accuracy: 0.6, brier: 0.3, logLoss: 0.75, rateBrier: 0.24, beatsRate: 'no' }),
  row(2, { accuracy: null, brier: null, logLoss: null, rateBrier: 0.2, beatsRate: null }),
  // lower than its rate, but within the noise of its test rows
  row(3, { accuracy: 0.7, brier: 0.2, logLoss: 0.66, rateBrier: 0.21, beatsRate: 'level' })
]
const headers = (w: ReturnType<typeof mount>) => w.findAll('thead th').map((t) => t.text())
const cells = (w: ReturnType<typeof mount>) => w.findAll('tbody tr').map((r) => r.findAll('td').slice(0, -1).map((t) => t.text()))
const settle = async () => (await new Promise((r) => setTimeout(r, 0)), await flushPromises())
/** A click on a column's sort button, and the table redrawn. */
const sortBy = async (w: ReturnType<typeof mount>, key: string) => {
  await w.get(`[data-sort="${key}"]`).trigger('click')
  await settle()
}

describe('SeriesMetricsTable', () => {
  it("a global classification's series: accuracy, Brier, log loss, the training rate's Brier and whether it beats it", async () => {
    const w = mount(SeriesMetricsTable, { props: { rows: classRows, selected: null } })
    expect(headers(w)).toEqual(['Series', 'Accuracy', 'Brier', 'Log loss', 'Training rate Brier', 'Beats training rate', 'Note'])
    expect(cells(w)).toEqual([
      ['city = c1', '0.8', '0.2', '0.61', '0.25', 'yes'],
      ['city = c2', '0.6', '0.3', '0.75', '0.24', 'no'],
      ['city = c3', '—', '—', '—', '0.20', '—'],
      ['city = c4', '0.7', '0.2', '0.66', '0.21', 'level']
    ])
    // sorted by Brier, lowest first, a series without one last
    await sortBy(w, 'brier')
    expect(cells(w).map((r) => r[0])).toEqual(['city = c1', 'city = c4', 'city = c2', 'city = c3'])
    await sortBy(w, 'brier')
    expect(cells(w).map((r) => r[0])).toEqual(['city = c2', 'city = c1', 'city = c4', 'city = c3'])
    // accuracy starts with the best: the highest
    await sortBy(w, 'accuracy')
    expect(w.get('[data-sort="accuracy"]').element.closest('th')!.getAttribute('aria-sort')).toBe('descending')
    expect(cells(w).map((r) => r[0])).toEqual(['city = c1', 'city = c4', 'city = c2', 'city = c3'])
    // against the training rate, best first: a beat, then level within noise, then no
    await sortBy(w, 'beatsRate')
    expect(cells(w).map((r) => r[0])).toEqual(['city = c1', 'city = c4', 'city = c2', 'city = c3'])
  })

  it("a regression's series keep their MAE, MASE and naive columns, and say whether they beat the better naive beyond their noise", async () => {
    // c1 beyond its noise; c2 a lower MAE within it (level); c3 no; c4 stored before (no word)
    const rows = [{ ...row(0), beatsBetterNaive: 'yes' as const }, { ...row(1), beatsBetterNaive: 'level' as const }, { ...row(2), beatsBetterNaive: 'no' as const }, row(3)]
    const w = mount(SeriesMetricsTable, { props: { rows, selected: null } })
    expect(headers(w)).toEqual(['Series', 'Forecast by', 'MAE', 'MASE', 'Naive MAE', 'Beats naive', 'Beats better naive', 'Note'])
    expect(cells(w).map((r) => r[6])).toEqual(['yes', 'level', 'no', '—'])
    // best first: a beat, then level within noise, then no, then none
    await sortBy(w, 'beatsBetterNaive')
    expect(cells(w).map((r) => r[0])).toEqual(['city = c1', 'city = c2', 'city = c3', 'city = c4'])
    await sortBy(w, 'beatsBetterNaive')
    expect(cells(w).map((r) => r[0])).toEqual(['city = c3', 'city = c2', 'city = c1', 'city = c4'])
  })
})
