// chart.js set-up in one place (component tests mock this module: happy-dom has no canvas).
import { BarController, BarElement, CategoryScale, Chart, Decimation, Filler, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip } from 'chart.js'
import type { ChartConfiguration } from 'chart.js'
import { markRaw } from 'vue'
import { exposed } from './perf'

// Only what ChartPanel draws (line, scatter and bar charts on linear, log and category axes): every
// registered plugin is consulted on each update, and the title, subtitle and colour plugins would add
// work (and, the first time, code to compile) to every chart for nothing.
Chart.register(LineController, ScatterController, BarController, LineElement, PointElement, BarElement, LinearScale, LogarithmicScale, CategoryScale, Decimation, Filler, Legend, Tooltip)

let fontSet = false

export function createChart(canvas: HTMLCanvasElement, config: ChartConfiguration): Chart {
  // The page's own font for axis text. chart.js's default family list ('Helvetica Neue', Helvetica,
  // Arial) is resolved afresh, family by family, by the first text measurement on a canvas: 15-60 ms
  // inside the first chart's layout on Linux. The page's font is already resolved for the DOM.
  if (!fontSet) (Chart.defaults.font.family = getComputedStyle(canvas).fontFamily || Chart.defaults.font.family), (fontSet = true)
  // Never reactive: Vue proxies would make chart.js's internals crawl.
  const chart = markRaw(new Chart(canvas, config))
  exposed('__fwCharts', chart) // with `perf` in the URL: so that the e2e suite can time a redraw directly
  return chart
}

export function themeColors(): { text: string; grid: string; accent: string; muted: string } {
  const s = getComputedStyle(document.documentElement)
  const v = (n: string, d: string) => s.getPropertyValue(n).trim() || d
  return { text: v('--fg-muted', '#555'), grid: v('--border', '#ddd'), accent: v('--accent', '#2563eb'), muted: v('--fg-faint', '#999') }
}

export const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#db2777']

export type { Chart }
