// What a diverged run is told to change follows its optimizer, its clip norm and its learning rate:
// Adam's step does not scale with the gradient, and a clipped gradient is bounded already, so
// clipping is offered only to plain SGD without it (the exploratory pass 22: Adam at lr 1 with clip
// norm 1, 0.1 and 0.01 diverged alike at step 2, and trained at lr 0.01).
import { describe, expect, it } from 'vitest'
import { divergedWords, explodedWords } from './diverged'

const at = { epoch: 1, step: 2 }

describe('the advice of a diverged run', () => {
  it('with Adam and clipping on, names the learning rate and a tenth of it, and says clipping cannot help', () => {
    const w = divergedWords(at, null, { grew: 3.5e25 }, { optimizer: 'adam', clipNorm: 1, lr: 1 })
    expect(w.message).toBe("diverged at epoch 1, step 2, before any epoch finished: the loss on the first step's rows grew to 3.5e+25× what it was (over 1000×); Adam's step size is set by the learning rate, not by the gradient's size, so clipping the gradient norm (on already, at 1) cannot help: train again with a learning rate lower than 1 (--lr), e.g. 0.1")
    expect(w.app).toContain('train again with a learning rate lower than 1 (Learning rate in Setup), e.g. 0.1')
    expect(w.message).not.toContain('exploding gradients')
  })

  it('with Adam and clipping off, does not offer clipping either', () => {
    const w = divergedWords(at, 3, undefined, { optimizer: 'adam', clipNorm: 0, lr: 0.05 })
    expect(w.message).toBe("diverged at epoch 1, step 2: the loss or a gradient became NaN or infinite, so training stopped and kept epoch 3's weights; Adam's step size is set by the learning rate, not by the gradient's size, so clipping the gradient norm cannot help: train again with a learning rate lower than 0.05 (--lr), e.g. 0.005")
  })

  it('with SGD and clipping on, says the clip bounds the gradient already and names the rate', () => {
    const w = divergedWords(at, null, { grew: 2000 }, { optimizer: 'sgd', clipNorm: 0.5, lr: 0.3 })
    expect(w.message).toContain('(over 1000×); the gradient norm was clipped at 0.5 already, so the learning rate sets how far each step goes: train again with a learning rate lower than 0.3 (--lr), e.g. 0.03')
    expect(w.app).not.toContain('Clip gradient norm in Setup')
  })

  it('with SGD and no clipping, calls it exploding gradients and offers clipping beside the rate', () => {
    const w = divergedWords(at, null, { grew: 2000 }, { optimizer: 'sgd', clipNorm: 0, lr: 0.55 })
    expect(w.message).toContain('(over 1000×: exploding gradients); train again with a learning rate lower than 0.55 (--lr), e.g. 0.055, or clip the gradient norm (training.clipNorm in the --config file)')
    expect(w.app).toContain('or clip the gradient norm (Clip gradient norm in Setup)')
  })

  it('a run whose best epoch exploded gets the same advice', () => {
    const w = explodedWords(4, 5e12, { optimizer: 'adam', clipNorm: 1, lr: 0.003 })
    expect(w.message).toBe("diverged: even the best epoch (4) has a loss on the first training step's rows 5.0e+12× what it was before training (over 1000×), so its weights would forecast nonsense and the run keeps none; Adam's step size is set by the learning rate, not by the gradient's size, so clipping the gradient norm (on already, at 1) cannot help: train again with a learning rate lower than 0.003 (--lr), e.g. 0.0003")
  })
})
