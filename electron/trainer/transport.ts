// One trainer entry, two runtimes: Electron's utilityProcess (process.parentPort) and Node's
// child_process.fork (process.send / process.on('message')). Everything above this file is
// runtime-agnostic.

export interface Transport {
  send(message: unknown, transfer?: ArrayBuffer[]): void
  onMessage(handler: (message: unknown) => void): void
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
      onMessage: (handler) => parentPort.on('message', (e) => handler(e.data))
    }
  }
  if (typeof process.send === 'function') {
    const send = process.send.bind(process)
    return {
      runtime: 'node-fork',
      send: (message) => {
        send(message)
      },
      onMessage: (handler) => process.on('message', handler)
    }
  }
  throw new Error('trainer: started without a parent (use utilityProcess.fork or child_process.fork)')
}
