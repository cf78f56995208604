// A workspace arena: one wasm memory, sized once, holding a (T, B) workspace's float32 buffers as
// typed-array views, so that whole recurrent sweeps (simd.wat's elman_*/lstm_*) and the big GEMMs
// over those buffers run in place, with no copy in or out. The memory is never grown, because
// growing would detach every view; what does not fit was not planned for and stays outside.
import type { FloatArray } from '../types'
import type { GemmContext } from './gemm-wasm'
import { instantiate, PAGE_BYTES, type SimdExports, type WasmMemory } from './wasm-module'

const arenas = new WeakMap<ArrayBuffer, WasmArena>()
const MAX_ARENA_FLOATS = 512 * 1024 * 1024 // 2 GiB: half of wasm32's 4 GiB, well inside every runtime's limit

/** The arena whose memory holds this array, if any. */
export function arenaOf(a: FloatArray): WasmArena | undefined {
  return a instanceof Float32Array ? arenas.get(a.buffer as ArrayBuffer) : undefined
}

export class WasmArena implements GemmContext {
  readonly ex: SimdExports
  readonly scratch: number // first float of the GEMM scratch region, after every planned array
  private readonly memory: WasmMemory
  private readonly view: Float32Array
  private next = 64 // floats; address 0 stays unused so that 0 can mean "no buffer" to the kernels
  private readonly end: number

  /**
   * Room for `arrayFloats` floats of arrays (each allocation adds `guard` floats after itself, for
   * the padded rows and columns that GEMM tiles read past an operand) and `scratchFloats` of GEMM
   * scratch. Null where wasm is unavailable.
   */
  static create(arrayFloats: number, scratchFloats: number): WasmArena | null {
    const floats = 64 + arrayFloats + scratchFloats
    if (floats > MAX_ARENA_FLOATS) return null // past wasm32's reach: the caller keeps plain arrays
    let inst: ReturnType<typeof instantiate>
    try {
      inst = instantiate(Math.ceil((floats * 4) / PAGE_BYTES))
    } catch {
      return null // the runtime refused the memory (RangeError): plain arrays work, just slower
    }
    return inst === null ? null : new WasmArena(inst.ex, inst.memory, 64 + arrayFloats, floats)
  }

  private constructor(ex: SimdExports, memory: WasmMemory, scratch: number, end: number) {
    this.ex = ex
    this.memory = memory
    this.view = new Float32Array(memory.buffer)
    this.scratch = scratch
    this.end = end
    arenas.set(memory.buffer, this)
  }

  /** Bump allocation of n zeroed floats followed by `guard` floats of padding. */
  alloc(n: number, guard: number): Float32Array {
    const at = this.next
    const stride = Math.ceil((n + guard) / 16) * 16 // 64-byte aligned rows start on cache lines
    if (at + stride > this.scratch) throw new Error(`workspace arena exhausted (${n} floats more than planned)`)
    this.next += stride
    return new Float32Array(this.memory.buffer, at * 4, n)
  }

  owns(a: FloatArray | null): a is Float32Array {
    return a instanceof Float32Array && a.buffer === this.memory.buffer
  }

  /** Byte address of a[off] inside the arena (a must be owned). */
  addr(a: Float32Array, off = 0): number {
    return a.byteOffset + off * 4
  }

  heap(): Float32Array {
    return this.view
  }

  reserve(floats: number): boolean {
    return floats <= this.end
  }
}

/** Floats that `WasmArena.alloc(n, guard)` consumes, for sizing an arena before creating it. */
export function arenaStride(n: number, guard: number): number {
  return Math.ceil((n + guard) / 16) * 16
}
