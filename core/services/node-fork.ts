// TrainerChild over Node's child_process.fork, for tests and headless use. Any module path works:
// the fake trainer fixture, or the built trainer at out/main/trainer.js.
import { fork } from 'node:child_process'
import { stderrSummary, type ExitInfo, type ExitReason, type TrainerChild } from './trainer-child'

export interface NodeForkOptions {
  env?: NodeJS.ProcessEnv
  execArgv?: string[]
  /** How long a killed trainer gets between SIGTERM and SIGKILL. */
  killGraceMs?: number
}

const CRASH_SIGNALS = new Set(['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGABRT', 'SIGTRAP'])
const STDERR_KEEP = 4096 // characters of stderr kept for the exit report
const OOM = /JavaScript heap out of memory|Reached heap limit/

export function nodeFork(modulePath: string, options: NodeForkOptions = {}): TrainerChild {
  const child = fork(modulePath, [], {
    // 'advanced' = structured clone, so Float64Array/Float32Array columns and weights arrive as such.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    env: options.env ?? process.env,
    execArgv: options.execArgv ?? []
  })
  let stderr = ''
  let outOfMemory = false // seen as it streams: V8's stack dump after the message can be long
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    outOfMemory ||= OOM.test(stderr.slice(-200) + chunk)
    stderr = (stderr + chunk).slice(-STDERR_KEEP)
  })

  const exitListeners: ((info: ExitInfo) => void)[] = []
  let exited: ExitInfo | null = null
  const finish = (info: ExitInfo): void => {
    if (exited) return
    exited = info
    for (const l of exitListeners) l(info)
  }
  // 'close' rather than 'exit': it comes after the IPC channel has drained, so a `failed` sent just
  // before exit(1) is seen before the exit.
  child.on('close', (code, signal) => finish(classify(code, signal, stderr, outOfMemory)))
  child.on('error', (err) => {
    if (child.pid === undefined) finish({ code: null, signal: null, reason: 'launch-failed', detail: err.message })
  })

  return {
    get pid() {
      return child.pid
    },
    postMessage(message) {
      if (child.connected) child.send(message)
    },
    kill() {
      if (exited || child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      setTimeout(() => {
        if (!exited) child.kill('SIGKILL')
      }, options.killGraceMs ?? 2000).unref()
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

/** Node has no `child-process-gone`, so signals, codes and V8's own OOM message stand in for it.
 *  A SIGKILL from the kernel's OOM killer is indistinguishable from any other SIGKILL here. */
export function classify(code: number | null, signal: string | null, stderr: string, outOfMemory = OOM.test(stderr)): ExitInfo {
  if (outOfMemory) return { code, signal, reason: 'oom' }
  const detail = stderrSummary(stderr)
  let reason: ExitReason
  if (signal !== null) reason = CRASH_SIGNALS.has(signal) ? 'crashed' : 'killed'
  else reason = code === 0 ? 'clean-exit' : 'abnormal-exit'
  return detail ? { code, signal, reason, detail } : { code, signal, reason }
}
