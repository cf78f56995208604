// One trainer entry, two runtimes: Electron's utilityProcess (process.parentPort) and Node's
// child_process.fork (process.send / process.on('message')). Everything above this file is
// runtime-agnostic.

export interface Transport {
  send(message: unknown, transfer?: ArrayBuffer[]): void
  onMessage(handler: (message: unknown) => void): void
  /** Exits once every message sent so far has left the process, so a final `failed` or `done`
   *  is not lost to an exit that races the IPC write. */
  exit(code: number): void
  readonly runtime: 'electron-utility' | 'node-fork'
}

interface ParentPort {
  postMessage(message: unknown, transfer?: unknown[]): void
  on(event: 'message', listener: (e: { data: unknown }) => void): void
}

export function connectToParent(): Transport {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
  if (parentPort) {
    return {
      runtime: 'electron-utility',
      // Electron's parentPort accepts only MessagePorts in its transfer list; typed arrays are
      // structured-cloned, which copies them once.
      send: (message) => parentPort.postMessage(message),
      onMessage: (handler) => parentPort.on('message', (e) => handler(e.data)),
      // postMessage hands the message to Mojo synchronously; one turn of the loop lets it go out.
      exit: (code) => void setTimeout(() => process.exit(code), 10)
    }
  }
  if (typeof process.send === 'function') {
    const send = process.send.bind(process)
    let pending = 0
    let exitCode: number | null = null
    const sent = (): void => {
      pending--
      if (pending === 0 && exitCode !== null) process.exit(exitCode)
    }
    // A trainer whose host is gone has nobody to report to; without this an orphan would train on.
    process.on('disconnect', () => process.exit(0))
    return {
      runtime: 'node-fork',
      // The parent must fork with `serialization: 'advanced'` so typed arrays survive the trip.
      send: (message) => {
        pending++
        send(message, undefined, {}, sent)
      },
      onMessage: (handler) => process.on('message', handler),
      exit: (code) => {
        exitCode = code
        if (pending === 0) process.exit(code)
      }
    }
  }
  throw new Error('trainer: started without a parent (use utilityProcess.fork or child_process.fork)')
}

/** Last resort for an error that escapes the training loop: report it as the current run's
 *  `failed` (so the host shows the message instead of "exited with code 1"), then exit. */
export function reportFatalErrors(parent: Transport, currentRunId: () => string | null): void {
  const fatal = (e: unknown): void => {
    const runId = currentRunId()
    const error = e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) }
    if (runId !== null) parent.send({ runId, type: 'failed', error })
    else console.error(e)
    parent.exit(1)
  }
  process.on('uncaughtException', fatal)
  process.on('unhandledRejection', fatal)
}
