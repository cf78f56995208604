import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

const WRITER = path.join(import.meta.dirname, 'writer.mjs')

/** A running writer.mjs, with the lines (acks) it has printed so far. */
export interface Writer {
  child: ChildProcess
  acks: string[]
  /** Lets the writer open the database (it loads everything it needs first, then waits). */
  go(): void
  /** Resolves when `predicate` matches an ack (or rejects if the child exits first). */
  waitFor(predicate: (line: string) => boolean): Promise<void>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>
}

export function startWriter(storeModule: string, file: string, mode: 'kill' | 'batches' | 'die-mid-batch', batches = 0): Writer {
  const child = spawn(process.execPath, [WRITER, storeModule, file, mode, String(batches)], { stdio: ['pipe', 'pipe', 'pipe'] })
  const acks: string[] = []
  const waiters: { predicate: (l: string) => boolean; resolve: () => void }[] = []
  let pending = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk
    const lines = pending.split('\n')
    pending = lines.pop()! // an unterminated line is not an ack yet
    for (const line of lines) {
      acks.push(line)
      for (const w of waiters.splice(0)) {
        if (w.predicate(line)) w.resolve()
        else waiters.push(w)
      }
    }
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr }))
  )
  return {
    child,
    acks,
    exited,
    go: () => child.stdin!.end('go\n'),
    waitFor(predicate) {
      if (acks.some(predicate)) return Promise.resolve()
      return new Promise((resolve, reject) => {
        waiters.push({ predicate, resolve })
        void exited.then(({ code, signal, stderr }) => reject(new Error(`writer exited (${code ?? signal}) before the expected ack:\n${stderr}`)))
      })
    }
  }
}
