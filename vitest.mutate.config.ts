// The test set `npm run mutate` runs against each mutant (StrykerJS, stryker.config.mjs): the unit
// tests of the mutated folders, without the store, CLI, renderer and Electron process suites,
// which cover none of the mutated code and would only slow each mutant down.
// FW_MUTATE_TESTS=a.test.ts,b.test.ts (comma-separated globs) narrows the set for a run over one
// file, e.g. FW_MUTATE_TESTS='core/data/*.test.ts' npm run mutate -- --mutate core/data/pipeline.ts
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: process.env.FW_MUTATE_TESTS
      ? process.env.FW_MUTATE_TESTS.split(',').map((g) => g.trim()).filter(Boolean)
      : ['core/engine/**/*.test.ts', 'core/data/**/*.test.ts', 'core/train/**/*.test.ts', 'electron/contract*.test.ts'],
    // These two train in beforeAll: Stryker cannot tell which test covers what ran there, marks
    // every mutant it reached as "static" and runs the whole suite for each (64 % of the mutants
    // of the target files, hours). Their code paths are covered by train.test.ts and fit.test.ts.
    exclude: ['core/train/direct.test.ts', 'core/train/parallel-fit.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000
  }
})
