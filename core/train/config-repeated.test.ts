// A column named twice in data.features or data.known: refused naming it, for a new run (fw train,
// the app's startRun and Setup all resolve through resolveConfig), read as stored for a run from
// before the check, whose weights were trained on the inputs as listed.
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../engine/errors'
import { resolveConfig } from './config'

const refusal = (data: Record<string, unknown>): ConfigError | null => {
  try {
    resolveConfig({ data: { target: 'temp', ...data } })
    return null
  } catch (e) {
    return e as ConfigError
  }
}

describe('repeated column names', () => {
  it('data.features naming a column twice is refused, naming it', () => {
    const e = refusal({ features: ['humidity', 'wind', 'humidity'] })
    expect(e).toBeInstanceOf(ConfigError)
    expect(e?.field).toBe('data.features')
    expect(e?.message).toContain('lists "humidity" twice (humidity, wind, humidity)')
  })

  it('data.known naming a column twice is refused, not collapsed', () => {
    const e = refusal({ features: ['humidity', 'wind'], known: ['humidity', 'humidity'] })
    expect(e?.field).toBe('data.known')
    expect(e?.message).toContain('lists "humidity" twice')
  })

  it('each column once passes; a stored run from before keeps its list', () => {
    expect(refusal({ features: ['humidity', 'wind'], known: ['wind'] })).toBeNull()
    const stored = resolveConfig({ data: { target: 'temp', features: ['humidity', 'humidity'] } }, { stored: true })
    expect(stored.data.features).toEqual(['humidity', 'humidity'])
  })
})
