import { describe, expect, it } from 'vitest'
import { stalledWords } from './stalled'

describe('a training loss that barely moved', () => {
  it('is told after five epochs or more whose best loss is within 1 % of the first, naming the learning rate in both wordings', () => {
    // the run reported: learning rate 1e-6, 0.8305 → 0.8294 over 10 epochs
    const w = stalledWords([0.8305, 0.8303, 0.8302, 0.8300, 0.8299, 0.8298, 0.8297, 0.8296, 0.8295, 0.8294], 1e-6)
    expect(w?.message).toBe('training loss barely moved: 0.8305 at epoch 1, 0.8294 at best after 10 epochs (0.13 % lower; under 1 % counts as barely); the learning rate 0.000001 may be too small: train again with a larger one (--lr), e.g. toward the default 0.005')
    expect(w?.app).toContain('train again with a larger one (Learning rate in Setup), e.g. toward the default 0.005')
  })

  it('is not told of a loss that fell by more than 1 %, of fewer than five epochs, of a loss not finite or already 0', () => {
    expect(stalledWords([1, 0.995, 0.992, 0.991, 0.989], 1e-6)).toBeNull() // 1.1 % lower
    expect(stalledWords([1, 1, 1, 1], 1e-6)).toBeNull()
    expect(stalledWords([1, 1, NaN, 1, 1], 1e-6)).toBeNull()
    expect(stalledWords([0, 0, 0, 0, 0], 0.005)).toBeNull()
    // at the default rate or above, no rate to go toward: only "a larger one"
    expect(stalledWords([1, 1, 1, 1, 1], 0.005)?.message).toMatch(/may be too small: train again with a larger one \(--lr\)$/)
  })
})
