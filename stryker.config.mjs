// Mutation testing (issue 19): `npm run mutate` plants small bugs in the engine, data, train and
// IPC-contract code one at a time and reports which ones the tests catch. Not part of CI (hours of
// CPU on two cores from scratch); run it before a stop that touches these folders. Incremental:
// results are kept in reports/mutation/stryker-incremental.json, so a rerun only tests mutants in
// code (or tests) that changed. Narrow a run with: npm run mutate -- --mutate core/data/metrics.ts
// Summary per folder: node scripts/mutation-summary.mjs (writes reports/mutation/summary.md).
// FW_MUTATE_VITEST=other.config.ts runs the mutants against another vitest config (a narrower test set).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: process.env.FW_MUTATE_VITEST ?? 'vitest.mutate.config.ts', related: false },
  mutate: [
    'core/engine/**/*.ts',
    'core/data/**/*.ts',
    'core/train/**/*.ts',
    'electron/contract.ts',
    '!**/*.test.ts',
    '!**/testing.ts',
    '!**/testing/**',
    '!**/*.d.ts',
    '!core/engine/kernels/simd-bytes.ts'
  ],
  coverageAnalysis: 'perTest',
  disableTypeChecks: false, // vitest does not type-check; and a '// @ts-nocheck' line would make simd-bytes.ts look stale to kernels.test.ts
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  concurrency: 2,
  timeoutMS: 60_000,
  timeoutFactor: 2,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['out', 'dist', 'e2e-artifacts', 'fw-out', 'bench/results.json', 'reports', 'native', '.ci/out'],
  thresholds: { high: 80, low: 60, break: null }
}
