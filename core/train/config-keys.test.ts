// docs/config.md lists every key a config file takes, with its type, default and meaning: its table
// is configKeysMarkdown()'s, and the table names every key resolveConfig takes with config.ts's
// defaults, so a key added to the defaults without a line in the doc fails here.
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONFIG_KEYS, acceptedKeys, configKeysMarkdown, defaultOf } from './config-keys'
import { DEFAULT_DATA, DEFAULT_MODEL, DEFAULT_TRAINING, resolveConfig } from './config'

const doc = resolve(__dirname, '../../docs/config.md')
const START = '<!-- config-keys: start -->\n'
const END = '<!-- config-keys: end -->'

describe('docs/config.md', () => {
  it('the table names every key resolveConfig takes, once, and none it refuses', () => {
    expect(CONFIG_KEYS.map((k) => k.key).sort()).toEqual(acceptedKeys().sort())
    for (const k of CONFIG_KEYS) {
      const [section, name] = k.key.split('.') as [string, string | undefined]
      if (name === undefined || section === 'interval') continue
      // each key is accepted on its own: an unknown one would be refused as "not a known setting"
      expect(() => resolveConfig({ data: { target: 'y' }, [section]: { [name]: undefined } }), k.key).not.toThrow(/not a known setting/)
    }
  })

  it("gives each defaulted key config.ts's default", () => {
    for (const [section, defaults] of [['data', DEFAULT_DATA], ['model', DEFAULT_MODEL], ['training', DEFAULT_TRAINING]] as const) {
      for (const [name, value] of Object.entries(defaults)) {
        const k = CONFIG_KEYS.find((c) => c.key === `${section}.${name}`)
        expect(k, `${section}.${name}`).toBeDefined()
        expect(defaultOf(k!), `${section}.${name}`).toBe(JSON.stringify(value))
      }
    }
    expect(defaultOf(CONFIG_KEYS.find((c) => c.key === 'interval.level')!)).toBe(String(resolveConfig({ data: { target: 'y' } }).interval.level))
  })

  it('holds the table as configKeysMarkdown writes it (FW_WRITE_DOCS=1 rewrites it)', () => {
    const text = readFileSync(doc, 'utf8')
    const a = text.indexOf(START)
    const b = text.indexOf(END)
    expect(a, 'docs/config.md: the config-keys markers').toBeGreaterThanOrEqual(0)
    const want = configKeysMarkdown()
    if (process.env['FW_WRITE_DOCS'] === '1') writeFileSync(doc, text.slice(0, a + START.length) + want + text.slice(b))
    else expect(text.slice(a + START.length, b)).toBe(want)
  })
})

describe('a config key not known', () => {
  const refusal = (input: unknown): string => {
    try {
      resolveConfig(input)
    } catch (e) {
      return (e as Error).message
    }
    throw new Error('accepted')
  }

  it('is refused with the nearest key, as a mistyped flag is', () => {
    expect(refusal({ data: { target: 'y' }, model: { cel: 'gru' } })).toBe('model.cel is not a known setting (did you mean model.cell?); see docs/config.md')
    expect(refusal({ data: { target: 'y' }, training: { epoch: 3 } })).toMatch(/^training\.epoch is not a known setting \(did you mean training\.epochs\?\)/)
    expect(refusal({ data: { target: 'y', lookback: 7 } })).toMatch(/\(did you mean data\.lookBack\?\)/)
    expect(refusal({ data: { target: 'y' }, modle: {} })).toMatch(/^modle is not a known setting \(did you mean model\?\)/)
  })

  it('in the wrong section names the section that takes it', () => {
    expect(refusal({ data: { target: 'y' }, training: { dropout: 0.2 } })).toMatch(/^training\.dropout is not a known setting \(dropout is a model setting: model\.dropout\)/)
  })

  it('with nothing near says where every key is listed', () => {
    expect(refusal({ data: { target: 'y' }, model: { wibble: 1 } })).toBe('model.wibble is not a known setting; see docs/config.md')
  })
})
