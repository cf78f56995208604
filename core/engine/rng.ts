// Seeded PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state),
// seeded through splitmix32 so that nearby seeds give unrelated streams. Always passed explicitly;
// getState/setState let a resumed run continue the exact same stream.

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    const sm = splitmix32(Math.floor(seed))
    this.a = sm()
    this.b = sm()
    this.c = sm()
    this.d = sm()
    for (let i = 0; i < 12; i++) this.nextU32() // warm up, as sfc32's author recommends
  }

  nextU32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t
  }

  /** Uniform in [0, 1) with 32 random bits. */
  next(): number {
    return this.nextU32() / 4294967296
  }

  /** Standard normal by Box-Muller (no cached second value, so the state stays four integers). */
  normal(): number {
    const u = 1 - this.next() // (0, 1], keeps log finite
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** Fisher-Yates, in place. */
  shuffle<T>(a: T[] | Int32Array): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const tmp = a[i]
      a[i] = a[j]
      a[j] = tmp
    }
  }

  getState(): number[] {
    return [this.a, this.b, this.c, this.d]
  }

  setState(s: number[]): void {
    if (!Array.isArray(s) || s.length !== 4 || s.some((x) => !Number.isInteger(x))) {
      throw new Error('Rng state must be 4 integers')
    }
    this.a = s[0] >>> 0
    this.b = s[1] >>> 0
    this.c = s[2] >>> 0
    this.d = s[3] >>> 0
  }
}
