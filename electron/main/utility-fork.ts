// ForkFn for the app: each trainer is an Electron utility process with its own serviceName, so
// that app 'child-process-gone' can say whether it crashed, was killed or ran out of memory.
import { app, utilityProcess } from 'electron'
import type { TrainerChild } from '../../core/services/trainer-child'
import { adaptUtilityProcess } from './utility-child'

let serial = 0

export function electronFork(modulePath: string): TrainerChild {
  const serviceName = `Forecast Workbench trainer ${++serial}`
  const child = utilityProcess.fork(modulePath, [], { serviceName, stdio: ['ignore', 'inherit', 'pipe'] })
  return adaptUtilityProcess(child, app, serviceName)
}
