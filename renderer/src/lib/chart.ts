// chart.js set-up in one place (component tests mock this module: happy-dom has no canvas).
import { Chart, registerables } from 'chart.js'
import type { ChartConfiguration } from 'chart.js'
import { markRaw } from 'vue'

Chart.register(...registerables)

/** With `perf` in the page URL, charts are listed on window.__fwCharts so that the e2e suite can
 *  time a redraw directly. */
const exposeForPerf = typeof location !== 'undefined' && new URLSearchParams(location.search).has('perf')

export function createChart(canvas: HTMLCanvasElement, config: ChartConfiguration): Chart {
  // Never reactive: Vue proxies would make chart.js's internals crawl.
  const chart = markRaw(new Chart(canvas, config))
  if (exposeForPerf) ((window as unknown as { __fwCharts?: Chart[] }).__fwCharts ??= []).push(chart)
  return chart
}

export function themeColors(): { text: string; grid: string; accent: string; muted: string } {
  const s = getComputedStyle(document.documentElement)
  const v = (n: string, d: string) => s.getPropertyValue(n).trim() || d
  return { text: v('--fg-muted', '#555'), grid: v('--border', '#ddd'), accent: v('--accent', '#2563eb'), muted: v('--fg-faint', '#999') }
}

export const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#db2777']

export type { Chart }
