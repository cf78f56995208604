// Who is training a run. The app and any number of `fw` processes may share one database, so a
// run's status alone cannot tell a live run from one whose process died. A process that starts a
// run stamps it with this identity and keeps a heartbeat; anyone opening the database marks the
// run interrupted only when the owner is provably gone (`ownerGone`).
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'

export type OwnerKind = 'cli' | 'app'

export interface Owner {
  host: string
  pid: number
  /** Identifies this start of the process, so a reused pid is told apart (null where unknown). */
  start: string | null
  /** Random per open store. */
  instance: string
  kind: OwnerKind
}

/** What a run row records about its owner (all null on rows from before schema version 3). */
export interface OwnerRow {
  ownerHost: string | null
  ownerPid: number | null
  ownerStart: string | null
  ownerInstance: string | null
  ownerKind: OwnerKind | null
  heartbeatAt: number | null
}

/** How often an owner writes its heartbeat (ms) while a run is training. */
export const HEARTBEAT_MS = 5_000
/**
 * A heartbeat older than this (ms) counts as a dead owner when nothing better can decide:
 * the owner is on another host (a database on a shared folder), or this platform cannot tell a
 * reused pid from the original process (no /proc). Generous on purpose: a busy machine may
 * stall an owner for a while, and a live run marked interrupted has to be resumed by hand.
 */
export const STALE_HEARTBEAT_MS = 10 * 60_000

let bootId: string | null | undefined

/** Linux: the kernel's boot id, so a pid and start time from before a reboot never match. */
function boot(): string | null {
  if (bootId === undefined) {
    try {
      bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    } catch {
      bootId = null
    }
  }
  return bootId
}

/** /proc/PID/stat after the command name (which may contain spaces and parentheses), or null. */
function statFields(pid: number): string[] | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return s.slice(s.lastIndexOf(')') + 2).split(' ')
  } catch {
    return null
  }
}

/**
 * The start token of process `pid`: boot id + start time in clock ticks since boot (field 22 of
 * /proc/PID/stat). Null where /proc is not available (macOS, Windows) or the process is gone.
 */
export function processStart(pid: number): string | null {
  const id = boot()
  const f = statFields(pid)
  // f[0] is field 3 (state), so field 22 (starttime) is f[19]
  if (id === null || f === null || f[19] === undefined) return null
  return `${id}/${f[19]}`
}

/** Whether `pid` is a live process: signal 0 probes without sending; a zombie has already died. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (e) {
    // EPERM: it exists but belongs to another user
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  return statFields(pid)?.[0] !== 'Z'
}

export function currentOwner(kind: OwnerKind): Owner {
  return { host: os.hostname(), pid: process.pid, start: processStart(process.pid), instance: randomUUID(), kind }
}

/** "CLI, pid 4242" (plus "on HOST" when it is another machine): how the app names an owner. */
export function describeOwner(o: { ownerKind: OwnerKind | null; ownerPid: number | null; ownerHost: string | null }, here = os.hostname()): string {
  const kind = o.ownerKind === 'cli' ? 'CLI' : o.ownerKind === 'app' ? 'app' : 'unknown program'
  const where = o.ownerHost !== null && o.ownerHost !== here ? ` on ${o.ownerHost}` : ''
  return `${kind}${o.ownerPid === null ? '' : `, pid ${o.ownerPid}`}${where}`
}

/**
 * Why the owner of a running run is gone, or null while it may still be alive. Proof, in order:
 * no owner recorded (an older version wrote the row); on this host, the pid is dead or now
 * belongs to another process start; otherwise a heartbeat older than `staleMs`. On this host
 * with start tokens on both sides, a live matching process is alive whatever its heartbeat says:
 * a stopped (Ctrl-Z) or very busy process is not a dead one.
 */
export function ownerGone(row: OwnerRow, self: Owner, nowMs: number, staleMs = STALE_HEARTBEAT_MS): string | null {
  if (row.ownerPid === null || row.ownerHost === null) return 'it was started by an older version of Forecast Workbench that is no longer running'
  const who = describeOwner(row, self.host)
  if (row.ownerHost === self.host) {
    const start = row.ownerPid === self.pid ? self.start : processStart(row.ownerPid)
    const alive = row.ownerPid === self.pid || pidAlive(row.ownerPid)
    if (!alive) return `the process training it (${who}) has ended`
    if (row.ownerStart !== null && start !== null) {
      return row.ownerStart === start ? null : `the process training it (${who}) has ended; that pid now belongs to another process`
    }
  }
  const last = row.heartbeatAt
  if (last === null || nowMs - last > staleMs) {
    const mins = last === null ? null : Math.round((nowMs - last) / 60_000)
    return `the process training it (${who}) has sent no heartbeat ${mins === null ? 'at all' : `for ${mins} min`} (limit ${Math.round(staleMs / 60_000)} min)`
  }
  return null
}
