// Experiments behind choices in core/ (not tests, not in CI): npx vitest run --config bench/experiments/vitest.config.ts
import { defineConfig } from 'vitest/config'

export default defineConfig({ test: { include: ['bench/experiments/*.exp.ts'], environment: 'node', testTimeout: 3_600_000, pool: 'forks' } })
