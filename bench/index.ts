// `npm run bench`: builds with vite.node.config.ts, then runs the benchmark sections below.
//   --quick              short protocol (smoke run)
//   --section a,b        only these sections (default: every section with `byDefault`, or
//                        only 'engine' when --workloads or --no-peers is given); `quality` (forecast
//                        accuracy on public series against R, bench/quality/) and `global` (one
//                        model across 200 series x 500 points, issue 13) run only when named, and so
//                        does `stats` (ETS's first fit in a fresh process, auto ARIMA's time)
//                        and `global-lookback` (a global model's default look-back on 1,000 series)
//   --workloads W1,W3    engine section: only these workloads of shared/bench/workloads.json
//   --no-peers           engine section: skip TF.js and PyTorch (profiling runs)
//   --threads N          engine section: also train on N threads (core/parallel) beside PyTorch at
//                        1 and N threads; the one-thread figures stay as they are
// FW_WASM_RELAXED=0      plain WebAssembly SIMD instead of relaxed SIMD (FMA), which the app's
//                        Electron has on and which this entry switches on in Node 20
// Results go to bench/results.json (git-ignored), one key per section; a run replaces only the
// sections it ran.
//
// Adding a section: write bench/<name>.ts exporting
//   export async function run(opts: { quick: boolean; log: (s: string) => void }): Promise<Record<string, unknown>>
// and add one line to SECTIONS, e.g. `{ name: 'import', byDefault: true, load: () => import('./import') }`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { enableRelaxedSimd } from '../core/services/wasm-features'

export interface SectionOptions {
  quick: boolean
  log: (s: string) => void
  workloads?: string[]
  threads: number
  peers: boolean
  repoRoot: string
}
interface Section {
  name: string
  byDefault: boolean
  load: () => Promise<{ run(opts: SectionOptions): Promise<Record<string, unknown>> }>
}

const SECTIONS: Section[] = [
  { name: 'engine', byDefault: true, load: () => import('./engine') },
  { name: 'gemm', byDefault: false, load: () => import('./gemm') },
  { name: 'import', byDefault: true, load: () => import('./import') },
  { name: 'store', byDefault: true, load: () => import('./store') },
  { name: 'explain', byDefault: true, load: () => import('./explain') },
  { name: 'quality', byDefault: false, load: () => import('./quality') },
  { name: 'global', byDefault: false, load: () => import('./global') },
  { name: 'global-lookback', byDefault: false, load: () => import('./global-lookback') },
  { name: 'ranks', byDefault: false, load: () => import('./ranks') },
  { name: 'stats', byDefault: false, load: () => import('./stats') }
]

// out/node/bench.js and bench/index.ts are both two levels below the repository root.
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

function parseArgs(argv: string[]): { quick: boolean; sections: string[] | null; workloads?: string[]; threads: number; peers: boolean } {
  const out = { quick: false, sections: null as string[] | null, workloads: undefined as string[] | undefined, threads: 1, peers: true }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`bench: ${a} needs a value`)
      return v
    }
    if (a === '--quick') out.quick = true
    else if (a === '--section') out.sections = value().split(',')
    else if (a === '--workloads') out.workloads = value().split(',')
    else if (a === '--no-peers') out.peers = false
    else if (a === '--threads') out.threads = Number(value())
    else throw new Error(`bench: unknown argument ${a}`)
  }
  if (!Number.isInteger(out.threads) || out.threads < 1) throw new Error(`bench: --threads must be an integer >= 1`)
  return out
}

async function main(): Promise<void> {
  // The engine runs relaxed-SIMD (FMA) kernels in the app (Electron 38); Node 20 needs a flag for
  // them. FW_WASM_RELAXED=0 measures the plain-SIMD kernels instead.
  enableRelaxedSimd()
  const args = parseArgs(process.argv.slice(2))
  const known = SECTIONS.map((s) => s.name)
  for (const s of args.sections ?? []) {
    if (!known.includes(s)) throw new Error(`bench: unknown section '${s}' (known: ${known.join(', ')})`)
  }
  // --workloads and --no-peers only mean something to the engine section, so alone they select it.
  const defaults = args.workloads || !args.peers ? ['engine'] : null
  const chosen = SECTIONS.filter((s) => (args.sections ?? defaults)?.includes(s.name) ?? s.byDefault)
  const log = (s: string) => console.log(s)
  const file = resolve(repoRoot, 'bench/results.json')
  // Sections not run this time keep their last results; each section records its own run context.
  const results: Record<string, unknown> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {}
  for (const s of chosen) {
    log(`\n== ${s.name} ==`)
    const mod = await s.load()
    const context = {
      date: new Date().toISOString(),
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      loadavgAtStart: loadavg(),
      quick: args.quick,
      threads: args.threads
    }
    const out = await mod.run({ quick: args.quick, log, workloads: args.workloads, threads: args.threads, peers: args.peers, repoRoot })
    results[s.name] = { ...context, loadavgAtEnd: loadavg(), ...out }
  }
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
  log(`\nwrote ${file}`)
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
