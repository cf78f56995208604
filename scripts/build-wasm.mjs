// Compiles core/engine/kernels/simd.wat into core/engine/kernels/simd-bytes.ts: two modules
// (plain SIMD, and relaxed SIMD where every `acc + x*b` becomes f32x4.relaxed_madd) as base64.
// Before compiling, the (@tanh4 $dst $src) and (@sigmoid4 $dst $src) macros (and their
// (@actlocals)/(@actinit) companions) are expanded inline:
// Node 20's V8 does not inline wasm calls, and a call per four activations costs more than the maths.
// The generated file is committed, so building or installing the app never needs wabt; rerun this
// after editing the .wat. `--check` exits 1 when the committed file is stale (used by the tests).
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import wabtInit from 'wabt'

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../core/engine/kernels')
const watPath = resolve(dir, 'simd.wat')
const outPath = resolve(dir, 'simd-bytes.ts')

/** `(f32x4.add (local.get $acc) (f32x4.mul X Y))` -> `(f32x4.relaxed_madd X Y (local.get $acc))`. */
export function toRelaxed(wat) {
  const re = /\(f32x4\.add \(local\.get (\$\w+)\) \(f32x4\.mul (\(local\.get \$\w+\)) (\(local\.get \$\w+\)|\(v128\.load[^()]*\(local\.get \$\w+\)\))\)\)/g
  return wat.replace(re, (_m, acc, x, y) => `(f32x4.relaxed_madd ${x} ${y} (local.get ${acc}))`)
}

const splat = (x) => `(v128.const f32x4 ${x} ${x} ${x} ${x})`
// The clamped rational tanh of kernels/activations.ts (Eigen's float tanh), in f32x4. Its constants
// live in locals that (@actinit) sets once per call: V8 rebuilds a v128.const from two 64-bit
// immediates wherever it appears, which inside the loop cost more than the polynomial.
// (@actlocals) declares them plus the temporaries $ax $ax2 $ap $aq $as.
const P = ['-2.76076847742355e-16', '2.00018790482477e-13', '-8.60467152213735e-11', '5.12229709037114e-8',
  '1.48572235717979e-5', '6.37261928875436e-4', '4.89352455891786e-3']
const Q = ['1.19825839466702e-6', '1.18534705686654e-4', '2.26843463243900e-3', '4.89352518554385e-3']
const CONSTS = [
  ['$kclamp', '7.90531110763549805'], ['$knclamp', '-7.90531110763549805'], ['$khalf', '0.5'],
  ...P.map((c, i) => [`$kp${i}`, c]), ...Q.map((c, i) => [`$kq${i}`, c])
]
const k = (name) => `(local.get ${name})`
function tanh4(dst, src) {
  const horner = (acc, pre, n) => [
    `(local.set ${acc} (f32x4.add (f32x4.mul (local.get $ax2) ${k(pre + 0)}) ${k(pre + 1)}))`,
    ...Array.from({ length: n - 2 }, (_, i) => `(local.set ${acc} (f32x4.add (f32x4.mul (local.get $ax2) (local.get ${acc})) ${k(pre + (i + 2))}))`)
  ]
  return [
    `(local.set $ax (f32x4.max (f32x4.min (local.get ${src}) ${k('$kclamp')}) ${k('$knclamp')}))`,
    '(local.set $ax2 (f32x4.mul (local.get $ax) (local.get $ax)))',
    ...horner('$ap', '$kp', P.length),
    ...horner('$aq', '$kq', Q.length),
    `(local.set ${dst} (f32x4.div (f32x4.mul (local.get $ax) (local.get $ap)) (local.get $aq)))`
  ].join(' ')
}
function sigmoid4(dst, src) {
  return [
    `(local.set $as (f32x4.mul (local.get ${src}) ${k('$khalf')}))`,
    tanh4(dst, '$as'),
    `(local.set ${dst} (f32x4.add (f32x4.mul (local.get ${dst}) ${k('$khalf')}) ${k('$khalf')}))`
  ].join(' ')
}
// The 4x8 GEMM micro-kernel's pieces, shared by gemm, gemm_pk, gemm_bp and gemm_bp2 (each needs the
// locals $c00..$c31, $b0, $b1, $x, and for the store $pc, $c, $i, $j, $ldc, $M, $vb = splat(beta)):
//   (@zero4x8)                 the eight accumulators = 0
//   (@mac4x8 $p0 $p1 $p2 $p3)  acc += (row r's a[k] splat from $pr) * [b0 b1]
//   (@mac4x8off $p)            the same with the four rows' a[k] at $p + 0, 4, 8, 12 (packed A)
//   (@store4x8 $beta)          c = beta*c + acc for the tile at (i, j), rows past M not written
const rows = [0, 1, 2, 3]
const zero4x8 = () => rows.map((r) => `(local.set $c${r}0 (v128.const i32x4 0 0 0 0)) (local.set $c${r}1 (v128.const i32x4 0 0 0 0))`).join(' ')
const mac4x8 = (loads) => rows.map((r) => [
  `(local.set $x (${loads[r]}))`,
  `(local.set $c${r}0 (f32x4.add (local.get $c${r}0) (f32x4.mul (local.get $x) (local.get $b0))))`,
  `(local.set $c${r}1 (f32x4.add (local.get $c${r}1) (f32x4.mul (local.get $x) (local.get $b1))))`
].join(' ')).join(' ')
const tileAddress = '(local.set $pc (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2))))'
const nextRow = '(local.set $pc (i32.add (local.get $pc) (local.get $ldc)))'
function store4x8(beta) {
  const scale = rows.map((r) => [
    r > 0 ? nextRow : '',
    `(local.set $c${r}0 (f32x4.add (local.get $c${r}0) (f32x4.mul (local.get $vb) (v128.load (local.get $pc)))))`,
    `(local.set $c${r}1 (f32x4.add (local.get $c${r}1) (f32x4.mul (local.get $vb) (v128.load offset=16 (local.get $pc)))))`
  ].join(' ')).join(' ')
  const put = (r) => `(v128.store (local.get $pc) (local.get $c${r}0)) (v128.store offset=16 (local.get $pc) (local.get $c${r}1))`
  const guarded = (r) => r === 4 ? '' :
    `(if (i32.gt_s (local.get $M) (i32.add (local.get $i) (i32.const ${r}))) (then ${nextRow} ${put(r)} ${guarded(r + 1)}))`
  return `${tileAddress} (if (f32.ne (local.get ${beta}) (f32.const 0)) (then ${scale} ${tileAddress})) ${put(0)} ${guarded(1)}`
}

export function expandMacros(wat) {
  return wat
    .replace(/\(@zero4x8\)/g, () => zero4x8())
    .replace(/\(@mac4x8 (\$\w+) (\$\w+) (\$\w+) (\$\w+)\)/g, (_m, ...p) => mac4x8(p.slice(0, 4).map((q) => `v128.load32_splat (local.get ${q})`)))
    .replace(/\(@mac4x8off (\$\w+)\)/g, (_m, q) => mac4x8(rows.map((r) => `v128.load32_splat${r ? ` offset=${4 * r}` : ''} (local.get ${q})`)))
    .replace(/\(@store4x8 (\$\w+)\)/g, (_m, b) => store4x8(b))
    .replace(/\(@actlocals\)/g, () => [...CONSTS.map(([n]) => n), '$ax', '$ax2', '$ap', '$aq', '$as'].map((n) => `(local ${n} v128)`).join(' '))
    .replace(/\(@actinit\)/g, () => CONSTS.map(([n, c]) => `(local.set ${n} ${splat(c)})`).join(' '))
    .replace(/\(@tanh4 (\$\w+) (\$\w+)\)/g, (_m, d, s) => tanh4(d, s))
    .replace(/\(@sigmoid4 (\$\w+) (\$\w+)\)/g, (_m, d, s) => sigmoid4(d, s))
}

export async function generate() {
  const wabt = await wabtInit()
  const wat = expandMacros(readFileSync(watPath, 'utf8'))
  const compile = (text, name) => {
    const mod = wabt.parseWat(name, text, { simd: true, relaxed_simd: true, bulk_memory: true })
    mod.validate()
    const { buffer } = mod.toBinary({})
    mod.destroy()
    return Buffer.from(buffer).toString('base64')
  }
  const relaxedWat = toRelaxed(wat)
  const madds = (relaxedWat.match(/relaxed_madd/g) ?? []).length
  if (madds === 0) throw new Error('build-wasm: no multiply-add found to rewrite for relaxed SIMD')
  return [
    '// GENERATED by scripts/build-wasm.mjs from simd.wat. Do not edit; rerun `node scripts/build-wasm.mjs`.',
    '',
    '/** simd.wat with WebAssembly SIMD (f32x4). */',
    `export const SIMD_BASE64 = '${compile(wat, 'simd.wat')}'`,
    '',
    `/** simd.wat with its ${madds} multiply-adds as relaxed-SIMD f32x4.relaxed_madd. */`,
    `export const RELAXED_BASE64 = '${compile(relaxedWat, 'simd-relaxed.wat')}'`,
    ''
  ].join('\n')
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await generate()
  if (process.argv.includes('--check')) {
    const current = readFileSync(outPath, 'utf8')
    if (current !== text) {
      console.error(`${outPath} is stale: run node scripts/build-wasm.mjs`)
      process.exit(1)
    }
    console.log('simd-bytes.ts is up to date')
  } else {
    writeFileSync(outPath, text)
    console.log(`wrote ${outPath}`)
  }
}
