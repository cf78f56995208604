// The app speaks in its own terms: the text its views show names Setup's fields and the app's
// buttons, never a CLI flag ("--lookback", "fw train --config") or a path in the repository
// ("docs/export.md"), which mean nothing in the window. Comments may cite them.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname)
function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) yield* sources(p)
    else if (/\.(vue|ts)$/.test(name) && !/\.test\.ts$|\.d\.ts$/.test(name) && !p.includes(`${join(root, 'test')}`)) yield p
  }
}

/** What a user may read: a template's text and attributes, and the string literals of its code
 *  (sentences: with a space), comments and CSS custom properties (var(--x), '--x') left out. */
function userText(file: string): string[] {
  const src = readFileSync(file, 'utf8').replace(/<style[\s\S]*?<\/style>/g, '')
  const template = file.endsWith('.vue') ? (/<template>([\s\S]*)<\/template>/.exec(src)?.[1] ?? '') : ''
  const code = (file.endsWith('.vue') ? (/<script[^>]*>([\s\S]*?)<\/script>/.exec(src)?.[1] ?? '') : src).replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1')
  const strings = [...code.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)].map((m) => m[0]).filter((s) => / /.test(s))
  return [template.replace(/<!--[\s\S]*?-->/g, ''), ...strings].map((t) => t.replace(/var\(--[\w-]+/g, ''))
}

const CLI = /(^|[\s(`'"])--[a-z][a-z-]*|\bfw (?:train|forecast|predict|inspect|export|runs|show|compare|resume|explain|backtest)\b|\bdocs\/[\w./-]+/g

describe("the app's words", () => {
  it('name no CLI flag, fw command or repository path', () => {
    const found: string[] = []
    for (const f of sources(root)) for (const t of userText(f)) for (const m of t.matchAll(CLI)) found.push(`${relative(root, f)}: ${m[0].trim()}`)
    expect(found).toEqual([])
  })
})
