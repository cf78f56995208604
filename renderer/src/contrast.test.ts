// The faint and muted text colours (field hints, the sidebar's numbers, the browser-mode footer,
// captions) against every background they are drawn on, in both themes, computed from styles.css's
// own variables: WCAG AA asks 4.5:1 for text of normal size (explore24 finding 8: --fg-faint was
// 3.04:1 on white and 3.8:1 in dark mode).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8')

/** The custom properties of the first `:root { … }` after `from` in styles.css. */
function variables(from: number): Record<string, string> {
  const open = css.indexOf(':root {', from)
  const body = css.slice(open, css.indexOf('}', open))
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]))
}
const light = variables(0)
const dark = { ...light, ...variables(css.indexOf('@media (prefers-color-scheme: dark)')) }

/** WCAG 2 relative luminance of #rrggbb, and the contrast ratio of two colours. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
  return (x! + 0.05) / (y! + 0.05)
}

describe('text colours pass WCAG AA (4.5:1) on every background they sit on', () => {
  it('computes the ratio as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 6)
    expect(contrast('#8c959f', '#ffffff')).toBeCloseTo(3.04, 2) // the old hint colour, as the explore pass measured it
  })
  for (const [theme, vars] of [['light', light], ['dark', dark]] as const) {
    for (const fg of ['--fg-faint', '--fg-muted', '--fg']) {
      // --bg: the page and the inputs; --panel: panels and the sidebar; --accent-soft: the sidebar's current and hovered item
      for (const bg of ['--bg', '--panel', '--accent-soft']) {
        it(`${theme}: ${fg} on ${bg}`, () => {
          expect(vars[fg], `${fg} in the ${theme} theme`).toMatch(/^#/)
          expect(vars[bg], `${bg} in the ${theme} theme`).toMatch(/^#/)
          expect(contrast(vars[fg]!, vars[bg]!)).toBeGreaterThanOrEqual(4.5)
        })
      }
    }
  }
})
