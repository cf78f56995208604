#!/usr/bin/env node
// Runs electronegativity over the built app (out/) and fails on any finding above 'note'.
// electronegativity always exits 0, so its SARIF output is what we judge.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const sarif = join(mkdtempSync(join(tmpdir(), 'fw-eneg-')), 'electronegativity.sarif')
const bin = join(root, 'node_modules', '.bin', 'electronegativity')
// -e: the Electron version we build for (its release list cannot be fetched offline).
execFileSync(bin, ['-i', join(root, 'out'), '-o', sarif, '-e', '38.8.6', '-r'], { stdio: ['ignore', 'ignore', 'inherit'] })
const results = JSON.parse(readFileSync(sarif, 'utf8')).runs.flatMap((r) => r.results ?? [])
const serious = results.filter((r) => r.level !== 'note' && r.level !== 'none')
for (const r of results) {
  const loc = r.locations?.[0]?.physicalLocation
  console.log(`${r.level.padEnd(7)} ${r.ruleId} ${loc?.artifactLocation?.uri ?? ''}:${loc?.region?.startLine ?? ''}`)
}
console.log(`electronegativity: ${results.length} findings, ${serious.length} above 'note'`)
process.exit(serious.length ? 1 : 0)
