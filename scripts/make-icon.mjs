#!/usr/bin/env node
// Draws the app icon (a forecast line leaving a bar of history, on a rounded tile) as a PNG with
// no image library, so it can be regenerated anywhere: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const S = 512
const px = new Uint8Array(S * S * 4)
const set = (x, y, [r, g, b], a = 255) => {
  if (x < 0 || y < 0 || x >= S || y >= S) return
  const i = (y * S + x) * 4
  const t = a / 255
  px[i] = px[i] * (1 - t) + r * t
  px[i + 1] = px[i + 1] * (1 - t) + g * t
  px[i + 2] = px[i + 2] * (1 - t) + b * t
  px[i + 3] = Math.max(px[i + 3], a)
}
// Rounded tile with a vertical gradient.
const R = 96
for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) {
  const dx = Math.max(R - x, x - (S - 1 - R), 0)
  const dy = Math.max(R - y, y - (S - 1 - R), 0)
  const d = Math.hypot(dx, dy) - R
  if (d > 1) continue
  const a = d > 0 ? 255 * (1 - d) : 255
  const k = y / S
  set(x, y, [Math.round(28 + 20 * k), Math.round(64 + 40 * k), Math.round(140 + 60 * k)], a)
}
const line = (pts, color, w, dashed = false) => {
  for (let s = 0; s < pts.length - 1; s++) {
    const [x0, y0] = pts[s], [x1, y1] = pts[s + 1]
    const n = Math.ceil(Math.hypot(x1 - x0, y1 - y0))
    for (let i = 0; i <= n; i++) {
      if (dashed && Math.floor(i / 14) % 2) continue
      const x = x0 + ((x1 - x0) * i) / n, y = y0 + ((y1 - y0) * i) / n
      for (let oy = -w; oy <= w; oy++) for (let ox = -w; ox <= w; ox++) {
        const d = Math.hypot(ox, oy)
        if (d <= w) set(Math.round(x + ox), Math.round(y + oy), color, d > w - 1 ? 128 : 255)
      }
    }
  }
}
// History (solid), the forecast (dashed) and its interval band.
const hist = [[70, 330], [120, 290], [165, 315], [210, 250], [255, 270], [300, 210]]
for (let x = 300; x <= 440; x++) {
  const t = (x - 300) / 140
  const mid = 210 - 70 * t
  const half = 14 + 40 * t
  for (let y = Math.round(mid - half); y <= Math.round(mid + half); y++) set(x, y, [255, 196, 92], 70)
}
line(hist, [255, 255, 255], 9)
line([[300, 210], [440, 140]], [255, 196, 92], 8, true)
for (let x = 70; x <= 440; x += 1) for (let y = 400; y < 406; y++) set(x, y, [255, 255, 255], 110)

const crc = (buf) => {
  let c = ~0
  for (const b of buf) { c ^= b; for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1 }
  return ~c >>> 0
}
const chunk = (type, data) => {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'ascii')
  Buffer.from(data).copy(out, 8)
  out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}
const raw = Buffer.alloc(S * (S * 4 + 1))
for (let y = 0; y < S; y++) Buffer.from(px.subarray(y * S * 4, (y + 1) * S * 4)).copy(raw, y * (S * 4 + 1) + 1)
const ihdr = Buffer.alloc(13)
ihdr.writeUInt32BE(S, 0); ihdr.writeUInt32BE(S, 4); ihdr[8] = 8; ihdr[9] = 6
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
writeFileSync(new URL('../resources/icons/icon.png', import.meta.url), png)
console.log(`resources/icons/icon.png (${png.length} bytes)`)
