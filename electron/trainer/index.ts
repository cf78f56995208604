import { connectToParent } from './transport'

// Utility-process entry. The training protocol is wired in by core/train's runner.
const parent = connectToParent()
parent.onMessage((message) => {
  parent.send({ type: 'log', level: 'info', message: `trainer (${parent.runtime}) received ${JSON.stringify(message).slice(0, 80)}` })
})
