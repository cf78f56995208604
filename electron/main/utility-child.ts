// Adapts one Electron UtilityProcess to TrainerChild. Kept apart from utility-fork.ts, and typed
// structurally, so that the exit classification runs in tests without an Electron binary.
//
// The exit code alone cannot tell an OOM from a crash or a kill, so each process gets a unique
// serviceName and its exit is classified by the matching app 'child-process-gone' event. That
// event is not emitted for a clean exit and its order relative to 'exit' is not documented, so an
// 'exit' without one waits briefly for it.
//
// Until 'spawn', a UtilityProcess has no pid and its kill() returns false and does nothing
// (Electron's UtilityProcessWrapper::Kill checks the pid), while postMessage is queued on the Mojo
// pipe. So a kill asked for before 'spawn' is remembered and done at 'spawn'; a launch that fails
// emits 'exit' without 'spawn', which ends the wait as well.
import type { Details } from 'electron'
import { stderrSummary, type ExitInfo, type TrainerChild } from '../../core/services/trainer-child'

export const GONE_WAIT_MS = 300 // well inside the 2 s in which a crash must be reported
const STDERR_KEEP = 4096

/** The parts of Electron's UtilityProcess this adapter uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined
  readonly stderr: NodeJS.ReadableStream | null
  postMessage(message: unknown): void
  kill(): boolean
  on(event: 'spawn', listener: () => void): unknown
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  on(event: 'error', listener: (type: 'FatalError', location: string, report: string) => void): unknown
}

/** The parts of Electron's `app` this adapter uses. */
export interface AppLike {
  on(event: 'child-process-gone', listener: (event: unknown, details: Details) => void): unknown
  off(event: 'child-process-gone', listener: (event: unknown, details: Details) => void): unknown
}

export function adaptUtilityProcess(child: UtilityProcessLike, app: AppLike, serviceName: string): TrainerChild {
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer | string) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_KEEP)
  })
  let fatal: string | undefined
  child.on('error', (_type, location) => {
    fatal = `V8 fatal error at ${location}`
  })

  let gone: Details | null = null
  let onGone: (() => void) | null = null
  const goneListener = (_e: unknown, details: Details): void => {
    if (details.type !== 'Utility' || (details.name !== serviceName && details.serviceName !== serviceName)) return
    gone = details
    onGone?.()
  }
  app.on('child-process-gone', goneListener)

  let spawned = child.pid !== undefined
  let killAtSpawn = false
  const spawnListeners: (() => void)[] = []
  child.on('spawn', () => {
    spawned = true
    if (killAtSpawn) child.kill()
    for (const l of spawnListeners.splice(0)) l()
  })

  const exitListeners: ((info: ExitInfo) => void)[] = []
  let exited: ExitInfo | null = null
  const finish = (code: number): void => {
    if (exited) return
    spawnListeners.length = 0
    app.off('child-process-gone', goneListener)
    const reason = gone?.reason ?? (code === 0 ? 'clean-exit' : 'abnormal-exit')
    const detail = stderrSummary(stderr) ?? fatal
    exited = detail ? { code, signal: null, reason, detail } : { code, signal: null, reason }
    for (const l of exitListeners) l(exited)
  }
  child.on('exit', (code) => {
    if (gone) return finish(code)
    const timer = setTimeout(() => finish(code), GONE_WAIT_MS)
    onGone = () => {
      clearTimeout(timer)
      finish(code)
    }
  })

  return {
    get pid() {
      return child.pid
    },
    postMessage(message) {
      // Typed arrays are structured-cloned (copied once); parentPort transfers only MessagePorts.
      if (!exited) child.postMessage(message)
    },
    kill() {
      if (exited) return
      if (spawned) child.kill()
      else killAtSpawn = true
    },
    onSpawn(listener) {
      if (spawned) queueMicrotask(listener)
      else if (!exited) spawnListeners.push(listener)
    },
    onMessage(listener) {
      child.on('message', listener)
    },
    onExit(listener) {
      if (exited) queueMicrotask(() => listener(exited!))
      else exitListeners.push(listener)
    }
  }
}
