#!/usr/bin/env node
// Adds new series to bench/quality/r-reference.json without touching the entries already there:
//   Rscript bench/quality/r-reference.R /tmp/ref-new.json name1,name2,...
//   node bench/quality/merge-r-reference.mjs bench/quality/r-reference.json /tmp/ref-new.json
// It appends the new file's series entries as text, so every existing entry keeps its bytes (both
// files are written by the same toJSON call), and refuses a name already there.
import { readFileSync, writeFileSync } from 'node:fs'
const [, , baseFile, addFile] = process.argv
const base = readFileSync(baseFile, 'utf8')
const add = readFileSync(addFile, 'utf8')
const open = '\n  "series": {\n'
const close = '\n  }\n}\n'
const head = (t) => t.slice(0, t.indexOf(open))
if (head(base) !== head(add)) throw new Error('the two files differ before "series" (R, forecast, level or note)')
const body = (t) => {
  if (!t.endsWith(close)) throw new Error('unexpected end of file')
  return t.slice(t.indexOf(open) + open.length, t.length - close.length)
}
const a = JSON.parse(base).series
const b = JSON.parse(add).series
const dup = Object.keys(b).filter((k) => k in a)
if (dup.length) throw new Error(`already in ${baseFile}: ${dup.join(', ')}`)
const out = head(base) + open + body(base) + ',\n' + body(add) + close
const merged = JSON.parse(out).series
if (Object.keys(merged).length !== Object.keys(a).length + Object.keys(b).length) throw new Error('count mismatch')
for (const k of Object.keys(a)) if (JSON.stringify(merged[k]) !== JSON.stringify(a[k])) throw new Error(`changed: ${k}`)
writeFileSync(baseFile, out)
console.log(`${baseFile}: ${Object.keys(a).length} + ${Object.keys(b).length} series`)
