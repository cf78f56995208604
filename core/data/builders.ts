// Growable typed arrays made of fixed-size chunks: appending never copies, so peak memory while streaming
// is the data itself plus one chunk; `finish()` copies once into an exact-length array.
//
// One definition serves both element types. The class is made per element type (not one generic class)
// so that each keeps its own monomorphic push/get: they sit on the per-cell hot path of the import.

const CHUNK = 1 << 16
const EMPTY = new Float64Array(0)

type Chunked = Float64Array | Int32Array

function chunkedBuilder<A extends Chunked>(Ctor: new (n: number) => A) {
  return class {
    private chunks: A[] = []
    private cur: A = new Ctor(CHUNK)
    private pos = 0
    private tail: Chunked | null = null
    length = 0

    push(v: number): void {
      if (this.pos === CHUNK) {
        this.chunks.push(this.cur)
        this.cur = new Ctor(CHUNK)
        this.pos = 0
      }
      this.cur[this.pos++] = v
      this.length++
    }

    /** Ends the values with a finished array (a part of a file read on its own), kept as it is until
     *  finish() copies it after the chunks: no push or get after this. */
    attach(tail: Chunked): void {
      this.tail = tail
      this.length += tail.length
    }

    /** Appends `n` times the value `v`. */
    appendFill(n: number, v: number): void {
      while (n > 0) {
        if (this.pos === CHUNK) this.roll()
        const take = Math.min(CHUNK - this.pos, n)
        this.cur.fill(v, this.pos, this.pos + take)
        this.pos += take
        this.length += take
        n -= take
      }
    }

    private roll(): void {
      this.chunks.push(this.cur)
      this.cur = new Ctor(CHUNK)
      this.pos = 0
    }

    get(i: number): number {
      const c = i >>> 16
      return c < this.chunks.length ? this.chunks[c][i & (CHUNK - 1)] : this.cur[i & (CHUNK - 1)]
    }

    finish(): A {
      const out = new Ctor(this.length) // (N)
      let o = 0
      // each chunk let go once copied, so that a collection during the copy can take it back
      const chunks = this.chunks
      this.chunks = []
      for (let i = 0; i < chunks.length; i++) {
        out.set(chunks[i], o)
        chunks[i] = EMPTY as A
        o += CHUNK
      }
      out.set(this.cur.subarray(0, this.pos), o)
      if (this.tail) out.set(this.tail, o + this.pos)
      this.cur = new Ctor(0)
      this.pos = 0
      this.tail = null
      return out
    }
  }
}

export const F64Builder = chunkedBuilder(Float64Array)
export type F64Builder = InstanceType<typeof F64Builder>
export const I32Builder = chunkedBuilder(Int32Array)
export type I32Builder = InstanceType<typeof I32Builder>
