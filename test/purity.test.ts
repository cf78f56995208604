import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain .mjs script without a declaration file
import { findLayerViolations, findViolations } from '../scripts/check-purity.mjs'

const repo = resolve(__dirname, '..')

function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'fw-purity-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

describe('purity of core/engine and core/data', () => {
  it('the real tree has no forbidden imports', () => {
    expect(findViolations(repo)).toEqual([])
  })

  it('rejects Node built-ins, Electron, DOM-only packages and escapes from the pure modules', () => {
    const root = fixture({
      'core/engine/ok.ts': "import { x } from './other'\nimport Papa from 'papaparse'\nexport const y = x + Papa.BAD_DELIMITERS.length\n",
      'core/engine/other.ts': 'export const x = 1\n',
      'core/engine/bad.ts': [
        "import { readFileSync } from 'node:fs'",
        "import { app } from 'electron'",
        "import { createMainWindow } from '../../electron/main/window'",
        "export { join } from 'path'",
        "const w = await import('worker_threads')",
        "const c = require('child_process')"
      ].join('\n'),
      'core/data/bad.ts': "import Database from 'better-sqlite3'\n",
      'core/data/ok.test.ts': "import { describe } from 'vitest'\n"
    })
    const v: string[] = findViolations(root)
    expect(v).toHaveLength(7)
    expect(v.join('\n')).toMatch(/bad\.ts:1: imports 'node:fs'/)
    expect(v.join('\n')).toMatch(/bad\.ts:2: imports 'electron'/)
    expect(v.join('\n')).toMatch(/imports '\.\.\/\.\.\/electron\/main\/window', outside the pure modules/)
    expect(v.join('\n')).toMatch(/imports 'better-sqlite3'/)
    expect(v.some((m) => m.includes('ok.ts'))).toBe(false)
  })

  it('the core typecheck rejects Node and DOM globals', () => {
    const root = fixture({
      'core/engine/globals.ts': [
        'export const a = process.env.HOME',
        'export const b = document.title',
        "export const c = Buffer.from('x')",
        'export const d = Math.max(1, 2)'
      ].join('\n'),
      'tsconfig.json': JSON.stringify({ extends: join(repo, 'tsconfig.core.json'), include: ['core/**/*.ts'] })
    })
    let out = ''
    let failed = false
    try {
      execFileSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json'), '--noEmit'], { encoding: 'utf8' })
    } catch (e) {
      failed = true
      out = String((e as { stdout?: string }).stdout)
    }
    expect(failed).toBe(true)
    expect(out).toMatch(/globals\.ts\(1,.*Cannot find name 'process'/)
    expect(out).toMatch(/globals\.ts\(2,.*Cannot find name 'document'/)
    expect(out).toMatch(/globals\.ts\(3,.*Cannot find name 'Buffer'/)
    expect(out).not.toMatch(/globals\.ts\(4,/)
  })
})

describe('layers', () => {
  it('the real tree: nothing in core/ imports electron/, and electron/ nothing from core/cli/', () => {
    expect(findLayerViolations(repo)).toEqual([])
  })

  it('names each import that crosses a layer the wrong way, and lets tests and core/services through', () => {
    const root = fixture({
      'core/cli/runs.ts': "import { createStoreSink } from '../../electron/main/store-sink'\nimport { x } from '../services/x'\n",
      'core/cli/runs.test.ts': "import { createBackend } from '../../electron/web/backend'\n",
      'core/services/x.ts': 'export const x = 1\n',
      'electron/main/apply-model.ts': "import { UsageError } from '../../core/cli/args'\nimport { x } from '../../core/services/x'\n"
    })
    expect(findLayerViolations(root)).toEqual([
      "core/cli/runs.ts:1: imports '../../electron/main/store-sink': nothing in core/ imports electron/ (shared code belongs in core/services)",
      "electron/main/apply-model.ts:1: imports '../../core/cli/args': electron/ imports nothing from core/cli/ (shared code belongs in core/services)"
    ])
  })
})
