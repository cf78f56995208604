#!/usr/bin/env node
// The engine and the data pipeline must run anywhere: utility process, Web Worker, browser, CLI.
// tsconfig.core.json already rejects ambient Node/DOM globals (no @types/node, no DOM lib); this
// check rejects module imports, which a type-only check cannot see (`import 'electron'` resolves
// through node_modules whatever `types` says).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PURE_DIRS = ['core/engine', 'core/data']
/** Bare packages the pure modules may use: they run unchanged in every runtime. */
export const ALLOWED_PACKAGES = new Set(['papaparse'])

const IMPORT_RE = /(?:^|[^.\w$])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[^.\w$])import\s*['"]([^'"]+)['"]|(?:^|[^.\w$])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^.\w$])require\s*\(\s*['"]([^'"]+)['"]\s*\)/g

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) yield* sourceFiles(p)
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !/\.test\.ts$/.test(name) && !name.endsWith('.d.ts')) yield p
  }
}

/** Returns one message per forbidden import under `root`'s pure directories. */
export function findViolations(root, dirs = PURE_DIRS) {
  const pureRoots = dirs.map((d) => resolve(root, d))
  const violations = []
  for (const dir of pureRoots) {
    let files
    try {
      files = [...sourceFiles(dir)]
    } catch {
      continue
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      const lines = text.split('\n')
      lines.forEach((line, i) => {
        for (const m of line.matchAll(IMPORT_RE)) {
          const spec = m[1] ?? m[2] ?? m[3] ?? m[4]
          const where = `${relative(root, file)}:${i + 1}`
          if (spec.startsWith('.')) {
            const target = resolve(dirname(file), spec)
            if (!pureRoots.some((r) => target === r || target.startsWith(r + sep))) {
              violations.push(`${where}: imports '${spec}', outside the pure modules`)
            }
          } else if (!ALLOWED_PACKAGES.has(spec.split('/')[0])) {
            violations.push(`${where}: imports '${spec}' (only ${[...ALLOWED_PACKAGES].join(', ')} and relative pure modules are allowed)`)
          }
        }
      })
    }
  }
  return violations
}

/**
 * The layers (ARCHITECTURE.md): the two front doors, electron/ and core/cli, never import each
 * other, and nothing in core/ imports electron/. What both need lives in core/services.
 */
export const LAYER_RULES = [
  { from: 'core', forbid: 'electron', why: 'nothing in core/ imports electron/ (shared code belongs in core/services)' },
  { from: 'electron', forbid: 'core/cli', why: 'electron/ imports nothing from core/cli/ (shared code belongs in core/services)' }
]

/** Returns one message per import (in non-test sources) that crosses a layer the wrong way. */
export function findLayerViolations(root, rules = LAYER_RULES) {
  const violations = []
  for (const rule of rules) {
    const forbidden = resolve(root, rule.forbid)
    let files
    try {
      files = [...sourceFiles(resolve(root, rule.from))]
    } catch {
      continue
    }
    for (const file of files) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        for (const m of line.matchAll(IMPORT_RE)) {
          const spec = m[1] ?? m[2] ?? m[3] ?? m[4]
          if (!spec.startsWith('.')) continue
          const target = resolve(dirname(file), spec)
          if (target === forbidden || target.startsWith(forbidden + sep)) {
            violations.push(`${relative(root, file)}:${i + 1}: imports '${spec}': ${rule.why}`)
          }
        }
      })
    }
  }
  return violations
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
  const v = findViolations(root)
  if (v.length) {
    console.error(`purity check failed: core/engine and core/data must not import Node, Electron or the DOM\n  ${v.join('\n  ')}`)
    process.exit(1)
  }
  const layers = findLayerViolations(root)
  if (layers.length) {
    console.error(`layer check failed:\n  ${layers.join('\n  ')}`)
    process.exit(1)
  }
  console.log(`purity check: ${PURE_DIRS.join(', ')} import nothing from Node, Electron or the DOM; core/ imports nothing from electron/, electron/ nothing from core/cli/`)
}
