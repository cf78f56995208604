// A forecast's times as Export's tables show them: in the zone its times are written in (the
// forecast CSV's, electron/contract AheadZone), each with its offset, in the one form all the
// shown rows' stamps take (core/data/time-cell); without a zone, as the app shows times.
import { timeCell, timeStampOf } from '../../../core/data/time-cell'
import type { AheadZone } from '../../../electron/contract'
import { formatTime } from './columns'

/** The cell of each time `ts` of `times` (the rows shown) written in `zone`; null zone: formatTime. */
export function zonedTimeCell(times: readonly number[], zone: AheadZone | null): (ts: number) => string {
  if (zone === null) return (ts: number) => formatTime(ts)
  const stamp = timeStampOf([...times], zone)
  return (ts: number) => timeCell(ts, stamp, zone)!
}
