// Growable typed arrays made of fixed-size chunks: appending never copies, so peak memory while streaming
// is the data itself plus one chunk; `finish()` copies once into an exact-length array.

const CHUNK = 1 << 16

export class F64Builder {
  private chunks: Float64Array[] = []
  private cur = new Float64Array(CHUNK)
  private pos = 0
  length = 0

  push(v: number): void {
    if (this.pos === CHUNK) {
      this.chunks.push(this.cur)
      this.cur = new Float64Array(CHUNK)
      this.pos = 0
    }
    this.cur[this.pos++] = v
    this.length++
  }

  get(i: number): number {
    const c = i >>> 16
    return c < this.chunks.length ? this.chunks[c][i & (CHUNK - 1)] : this.cur[i & (CHUNK - 1)]
  }

  finish(): Float64Array {
    const out = new Float64Array(this.length) // (N)
    let o = 0
    for (const c of this.chunks) {
      out.set(c, o)
      o += CHUNK
    }
    out.set(this.cur.subarray(0, this.pos), o)
    this.chunks = []
    return out
  }
}

export class I32Builder {
  private chunks: Int32Array[] = []
  private cur = new Int32Array(CHUNK)
  private pos = 0
  length = 0

  push(v: number): void {
    if (this.pos === CHUNK) {
      this.chunks.push(this.cur)
      this.cur = new Int32Array(CHUNK)
      this.pos = 0
    }
    this.cur[this.pos++] = v
    this.length++
  }

  get(i: number): number {
    const c = i >>> 16
    return c < this.chunks.length ? this.chunks[c][i & (CHUNK - 1)] : this.cur[i & (CHUNK - 1)]
  }

  finish(): Int32Array {
    const out = new Int32Array(this.length) // (N)
    let o = 0
    for (const c of this.chunks) {
      out.set(c, o)
      o += CHUNK
    }
    out.set(this.cur.subarray(0, this.pos), o)
    this.chunks = []
    return out
  }
}
