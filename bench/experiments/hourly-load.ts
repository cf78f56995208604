// Seeded hourly load-like series for the experiments (calendar-week.exp.ts).
import { gauss } from '../../core/data/testing'

const HOUR = 3_600_000

/** An hourly load-like series of `weeks` weeks with a temperature column. Seeded; every seed varies
 *  the weekend's drop, the noise, the temperature's pull and where the level shifts. */
export function generate(seed: number, weeks = 16, weekend: [number, number] = [0.1, 0.35]): string {
  const z = gauss(seed)
  const u = () => 0.5 + Math.atan(z()) / Math.PI // a uniform-ish draw in (0, 1) from the same stream
  const start = Date.UTC(2025, 0, 6) + Math.floor(u() * 200) * 24 * HOUR // 0-199 days after 6 January 2025
  const n = weeks * 168
  const weekendDrop = weekend[0] + weekend[1] * u() // the weekend's day cycle is this much smaller, and its level lower
  const noiseSd = 4 + 8 * u()
  const heat = 3 + 5 * u() // MW per degree under 15 °C
  const shiftAt = Math.floor(n * (0.35 + 0.3 * u()))
  const shift = (u() < 0.5 ? -1 : 1) * (30 + 50 * u())
  const dropped = new Set(Array.from({ length: 4 }, () => Math.floor(u() * n))) // missing hours: no row
  const blank = new Set(Array.from({ length: 6 }, () => Math.floor(u() * n))) // a row with no load value
  let weather = 0
  let noise = 0
  const lines = ['time,load_mw,temp_c']
  for (let i = 0; i < n; i++) {
    const t = start + i * HOUR
    const d = new Date(t)
    const h = d.getUTCHours()
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6
    const yearPhase = (2 * Math.PI * (t - Date.UTC(2025, 0, 15))) / (365.25 * 24 * HOUR)
    weather = 0.97 * weather + 0.6 * z()
    const temp = 9 - 9 * Math.cos(yearPhase) + 4 * Math.sin((2 * Math.PI * (h - 9)) / 24) + weather
    noise = 0.8 * noise + noiseSd * z()
    const cycle = 60 * Math.exp(-((h - 8) ** 2) / 6) + 80 * Math.exp(-((h - 19) ** 2) / 8) - 50 * Math.exp(-((h - 3) ** 2) / 10)
    const load = 500 + cycle * (weekend ? 1 - weekendDrop : 1) - (weekend ? 120 * weekendDrop : 0) + heat * Math.max(0, 15 - temp) + 4 * Math.max(0, temp - 22) + (i >= shiftAt ? shift : 0) + noise
    if (dropped.has(i)) continue
    lines.push(`${new Date(t).toISOString().slice(0, 19)}Z,${blank.has(i) ? '' : load.toFixed(1)},${temp.toFixed(1)}`)
  }
  return lines.join('\n') + '\n'
}
