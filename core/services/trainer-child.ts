// The narrow view TrainerHost has of one trainer process. Both Node's child_process.fork
// (node-fork.ts: tests, CLI) and Electron's utilityProcess.fork (utility-fork.ts: the app) are
// adapted to it, so the host is tested against real processes without Electron.
import type { HostMessage } from './trainer-protocol'

/** Electron's `child-process-gone` reasons; node-fork.ts maps signals and exit codes onto them. */
export type ExitReason = 'clean-exit' | 'abnormal-exit' | 'killed' | 'crashed' | 'oom' | 'launch-failed' | 'integrity-failure'

export interface ExitInfo {
  code: number | null
  signal: string | null
  reason?: ExitReason
  /** The last line the process wrote to stderr, when it was captured (e.g. "Error: boom"). */
  detail?: string
}

export interface TrainerChild {
  postMessage(message: HostMessage): void
  /** Ends the process now; it reports back through onExit like any other exit. */
  kill(): void
  onMessage(listener: (message: unknown) => void): void
  /** Called once, after every message the process sent has been delivered to onMessage. */
  onExit(listener: (info: ExitInfo) => void): void
  /** Where the process starts asynchronously (Electron's utilityProcess): called once it has a
   *  pid. Without it the process counts as started when fork returns (Node's fork). */
  onSpawn?(listener: () => void): void
  readonly pid?: number
}

export type ForkFn = (modulePath: string) => TrainerChild

/** A short, user-facing account of an exit, e.g. "crashed (SIGSEGV)" or "out of memory". */
export function describeExit(info: ExitInfo): string {
  const how = info.signal !== null ? ` (${info.signal})` : info.code !== null ? ` (exit code ${info.code})` : ''
  const base = ((): string => {
    switch (info.reason) {
      case 'oom':
        return 'out of memory'
      case 'crashed':
        return `crashed${how}`
      case 'killed':
        return `killed${how}`
      case 'launch-failed':
        return 'could not be started'
      case 'integrity-failure':
        return 'failed the code integrity check'
      case 'clean-exit':
        return 'exited before finishing'
      default:
        return info.signal !== null ? `stopped by ${info.signal}` : `exited with code ${info.code ?? 'unknown'}`
    }
  })()
  return info.detail ? `${base}: ${info.detail}` : base
}

/** The most telling line of a stderr tail: the last error line if there is one, else the last line. */
export function stderrSummary(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l.length > 0)
  return (lines.findLast((l) => /^(\w*Error|FATAL ERROR)\b/.test(l)) ?? lines.at(-1))?.slice(0, 300)
}
