// The vanishing-gradient note: said where most of the look-back gets under 1e-6 of the gradient that
// reaches the window's last step (the epochs' recorded flow), with the effective memory and what to
// change, in each front end's words; not for a flow that keeps the gradient, nor per-step outputs.
import { describe, expect, it } from 'vitest'
import { NEGLIGIBLE_GRADIENT, vanishingOf, vanishingWords } from './vanishing'

/** ‖∂L/∂h_t‖ over `steps` steps, shrinking by `factor` per step back from the last (which gets 0.15). */
const flow = (steps: number, factor: number): number[] => Array.from({ length: steps }, (_, t) => 0.15 * factor ** (steps - 1 - t))
const ELMAN = { outputMode: 'final', cell: 'elman', numLayers: 1 }
const FINAL = ELMAN

describe('the vanishing-gradient note', () => {
  it('says how many of the oldest steps get a negligible gradient, the effective memory, and what to change', () => {
    // 0.7 a step: 0.7^k >= 1e-6 for k <= 38, so the latest 39 steps are reached
    const epochs = [{ gradFlow: flow(200, 0.9) }, { gradFlow: flow(200, 0.7) }]
    expect(vanishingOf(epochs, 'final')).toMatchObject({ steps: 200, reached: 39 })
    const w = vanishingWords(epochs, ELMAN)!
    expect(w.message).toMatch(/^vanishing gradient: the oldest 161 of the window's 200 steps get under 1e-6 of the gradient that reaches the last one \(the oldest step \de-\d+ of it\), so the network learns from about the latest 39 rows only \(its effective memory\); an LSTM or GRU cell \(--cell\) keeps the gradient further back, or a shorter look-back \(--lookback\) trains as well in less time$/)
    expect(w.app).toContain('an LSTM or GRU cell (Cell in Setup) keeps the gradient further back, or a shorter look-back (Look-back in Setup)')
    expect(w.app).not.toMatch(/--|fw /)
  })

  it('reads the latest epoch that has a flow, and says "none at all" of a gradient that underflowed to 0', () => {
    const under = flow(200, 0.6).map((g, t) => (t < 50 ? 0 : g))
    expect(vanishingWords([{ gradFlow: under }, { gradFlow: null }], FINAL)?.message).toContain('(the oldest step none at all)')
    expect(vanishingWords([{ gradFlow: flow(200, 0.6) }, { gradFlow: flow(200, 0.99) }], FINAL)).toBeNull()
  })

  it('says nothing where at most half the look-back is beyond reach (LSTM at look-back 200 reached 137 steps), with per-step outputs, or with no flow', () => {
    const half = flow(100, NEGLIGIBLE_GRADIENT ** (1 / 50)) // the latest 51 of 100 reached
    expect(vanishingOf([{ gradFlow: half }], 'final')?.reached).toBe(51)
    expect(vanishingWords([{ gradFlow: half }], FINAL)).toBeNull()
    expect(vanishingWords([{ gradFlow: flow(200, 0.7) }], { ...ELMAN, outputMode: 'per-step' })).toBeNull()
    expect(vanishingWords([{ gradFlow: null }], undefined)).toBeNull()
    expect(vanishingWords([{ gradFlow: flow(200, 0.7).map(() => 0) }], FINAL)).toBeNull()
  })

  it('tells an LSTM or GRU run what it can change, never the cell it has: a shorter look-back, and fewer layers where it has several (exploratory pass 22: a 4-layer LSTM at look-back 200 was told to use an LSTM)', () => {
    const epochs = [{ gradFlow: flow(200, 0.7) }] // the latest 39 steps reached
    const one = vanishingWords(epochs, { outputMode: 'final', cell: 'lstm', numLayers: 1 })!
    expect(one.message).toMatch(/\(its effective memory\); the LSTM cell it has keeps it no further here: a shorter look-back, about 39 steps \(--lookback\), trains as well in less time$/)
    expect(one.app).toContain('a shorter look-back, about 39 steps (Look-back in Setup)')
    const four = vanishingWords(epochs, { outputMode: 'final', cell: 'gru', numLayers: 4 })!
    expect(four.message).toContain('; the GRU cell it has keeps it no further here: with 4 stacked layers, fewer (--layers) may let it reach further back, or a shorter look-back, about 39 steps (--lookback), trains as well in less time')
    expect(four.app).toContain('fewer (Layers in Setup)')
    for (const w of [one, four]) expect(w.message).not.toMatch(/LSTM or GRU cell|--cell/)
    // a stored config without the fields reads as the defaults': an LSTM of 1 layer
    expect(vanishingWords(epochs, {})!.message).toContain('the LSTM cell it has')
  })

  it('says one step and one row in the singular (explore25: "the latest 1 rows only", "about 1 steps")', () => {
    const epochs = [{ gradFlow: flow(20, 1e-7) }] // only the last step reached
    expect(vanishingOf(epochs, 'final')?.reached).toBe(1)
    const w = vanishingWords(epochs, { outputMode: 'final', cell: 'lstm', numLayers: 3 })!
    expect(w.message).toContain('so the network learns from about the latest row only (its effective memory)')
    expect(w.message).toContain('a shorter look-back, about 1 step (--lookback), trains as well')
    expect(w.message).not.toMatch(/\b1 (rows|steps)\b/)
  })

  it("says, for stacked layers, that the flow is the top layer's only (core/engine/bptt.ts records ‖∂L/∂hₜ‖ of the top layer)", () => {
    const epochs = [{ gradFlow: flow(200, 0.7) }]
    expect(vanishingWords(epochs, { outputMode: 'final', cell: 'elman', numLayers: 3 })!.message).toMatch(/^vanishing gradient \(measured at the top of the 3 layers only\): the oldest 161 of/)
    expect(vanishingWords(epochs, ELMAN)!.message).toMatch(/^vanishing gradient: the oldest 161/)
  })
})

