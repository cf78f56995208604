// Settings that do nothing for the run they are set on (exploratory pass 22, inputs/ignored.json:
// an LSTM with hidden activation relu, warm-up steps with final outputs, truncation k 500 at
// look-back 12 trained with no word): each is said, and named for fw compare and fw sweep.
import { describe, expect, it } from 'vitest'
import { resolveConfig } from './config'
import { idleSettings } from './idle-settings'

const IGNORED = { data: { target: 'y', lookBack: 12 }, model: { cell: 'lstm', hiddenActivation: 'relu' }, training: { warmupSteps: 3, truncation: { kind: 'sliding', k: 500 } } }

describe('settings that do nothing', () => {
  it('names a hidden activation on an LSTM or GRU, warm-up steps with final outputs and truncation k at or over the look-back', () => {
    const idle = idleSettings(resolveConfig(IGNORED as never))
    expect(idle.map((i) => i.key)).toEqual(['model.hiddenActivation', 'training.warmupSteps', 'training.truncation'])
    expect(idle[0]!.words.message).toBe('hidden activation relu does nothing with an LSTM cell: its gates use sigmoid and tanh, and the hidden activation is the Elman cell\'s only (--cell elman)')
    expect(idle[0]!.why).toBe('no effect on LSTM')
    expect(idle[0]!.words.app).toContain('(Cell elman in Setup)')
    expect(idle[1]!.words.message).toBe('training.warmupSteps 3 does nothing with final outputs: only the last step is scored, and warm-up leaves out the first steps of a per-step loss')
    expect(idle[2]!.words.message).toBe('truncated BPTT (sliding, k 500) does nothing at a look-back of 12: the window has no more steps than k, so the gradient flows back through all of them as without truncation')
  })

  it('says nothing of settings that act: tanh, an Elman relu, per-step warm-up, k under the look-back, the defaults', () => {
    expect(idleSettings(resolveConfig({ data: { target: 'y' } }))).toEqual([])
    expect(idleSettings(resolveConfig({ data: { target: 'y', lookBack: 12 }, model: { cell: 'elman', hiddenActivation: 'relu', outputMode: 'per-step' }, training: { warmupSteps: 3, truncation: { kind: 'chunked', k: 11 } } } as never))).toEqual([])
    expect(idleSettings(resolveConfig({ data: { target: 'y', lookBack: 12 }, training: { truncation: { kind: 'chunked', k: 12 } } } as never)).map((i) => i.key)).toEqual(['training.truncation'])
  })
})
