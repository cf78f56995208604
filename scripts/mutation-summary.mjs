#!/usr/bin/env node
// Mutation score per folder and per file from StrykerJS's JSON report (npm run mutate writes
// reports/mutation/mutation.json), plus every surviving mutant, marked where it was judged
// equivalent in reports/mutation/equivalent.json ([{ file, line, column?, mutator, replacement?, why }]; column
// tells apart two mutants of one line with the same mutator and replacement).
// Writes reports/mutation/summary.md and prints it.
//   node scripts/mutation-summary.mjs [report.json ...] [--out summary.md]
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

const args = process.argv.slice(2)
const outAt = args.indexOf('--out')
const outPath = resolve(outAt >= 0 ? args[outAt + 1] : 'reports/mutation/summary.md')
const given = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--out')
const reportPaths = (given.length ? given : ['reports/mutation/mutation.json']).map((p) => resolve(p))
const reportPath = reportPaths[0]
// several reports (runs over different files) are merged; a file in more than one: the last wins
const report = { files: Object.assign({}, ...reportPaths.map((p) => JSON.parse(readFileSync(p, 'utf8')).files)) }
const eqPath = resolve(dirname(reportPath), 'equivalent.json')
const equivalent = existsSync(eqPath) ? JSON.parse(readFileSync(eqPath, 'utf8')) : []

const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])
const isEquivalent = (file, m) =>
  equivalent.find((e) => e.file === file && e.line === m.location.start.line && e.mutator === m.mutatorName && (e.replacement === undefined || e.replacement === m.replacement) &&
    (e.column === undefined || e.column === m.location.start.column))

const rows = new Map() // key -> { detected, undetected, equivalent, ignored }
const add = (key, kind) => {
  const r = rows.get(key) ?? { detected: 0, undetected: 0, equivalent: 0, other: 0 }
  r[kind]++
  rows.set(key, r)
}
const survivors = []
for (const [file, data] of Object.entries(report.files)) {
  const rel = file.replace(/\\/g, '/')
  const folder = rel.split('/').slice(0, 2).join('/')
  for (const m of data.mutants) {
    const eq = UNDETECTED.has(m.status) ? isEquivalent(rel, m) : null
    const kind = DETECTED.has(m.status) ? 'detected' : eq ? 'equivalent' : UNDETECTED.has(m.status) ? 'undetected' : 'other'
    for (const key of [folder, rel]) add(key, kind)
    add('(all)', kind)
    if (UNDETECTED.has(m.status)) survivors.push({ file: rel, line: m.location.start.line, column: m.location.start.column, mutator: m.mutatorName, replacement: m.replacement, status: m.status, why: eq?.why ?? null })
  }
}

const score = (r) => {
  const n = r.detected + r.undetected
  return n ? ((100 * r.detected) / n).toFixed(1) : 'n/a'
}
const table = (keys) => [
  '| scope | detected | survived | judged equivalent | not run (errors) | score |',
  '|---|---:|---:|---:|---:|---:|',
  ...keys.map((k) => { const r = rows.get(k); return `| ${k} | ${r.detected} | ${r.undetected} | ${r.equivalent} | ${r.other} | ${score(r)} % |` })
]
const keys = [...rows.keys()]
const folders = keys.filter((k) => k !== '(all)' && k.split('/').length === 2 && !k.endsWith('.ts')).sort()
const files = keys.filter((k) => k.endsWith('.ts')).sort()
const lines = [
  '# Mutation score',
  '',
  `From ${reportPaths.map((p) => p.replace(process.cwd() + '/', '')).join(', ')} (StrykerJS). Score = detected / (detected + survived), survivors judged`,
  'equivalent left out (they are listed below with the reason). "Detected" is killed or timed out.',
  '',
  '## Per folder',
  '',
  ...table([...folders, ...(rows.has('(all)') ? ['(all)'] : [])]),
  '',
  '## Per file',
  '',
  ...table(files),
  '',
  `## Surviving mutants (${survivors.length})`,
  '',
  ...survivors.map((s) => `- ${s.file}:${s.line}:${s.column} ${s.mutator}${s.replacement !== undefined ? ` → \`${String(s.replacement).replace(/\s+/g, ' ').slice(0, 80)}\`` : ''} (${s.status})${s.why ? ` — equivalent: ${s.why}` : ''}`),
  ''
]
writeFileSync(outPath, lines.join('\n'))
process.stdout.write(lines.join('\n'))
