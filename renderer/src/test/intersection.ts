// A controllable IntersectionObserver for component tests (happy-dom's never reports anything):
// install it, mount, then bring observed elements into view with showElements().
import { vi } from 'vitest'

class FakeIntersectionObserver {
  static live = new Set<FakeIntersectionObserver>()
  readonly targets = new Set<Element>()
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeIntersectionObserver.live.add(this)
  }
  observe(el: Element): void {
    this.targets.add(el)
  }
  unobserve(el: Element): void {
    this.targets.delete(el)
  }
  disconnect(): void {
    this.targets.clear()
    FakeIntersectionObserver.live.delete(this)
  }
  takeRecords(): IntersectionObserverEntry[] {
    return []
  }
  /** Reports the observed elements `which` accepts as intersecting. */
  show(which: (el: Element) => boolean): void {
    const hits = [...this.targets].filter(which)
    if (hits.length) this.callback(hits.map((target) => ({ target, isIntersecting: true }) as IntersectionObserverEntry), this as unknown as IntersectionObserver)
  }
}

/** Replaces the global IntersectionObserver until vi.unstubAllGlobals(). */
export function installFakeIntersectionObserver(): void {
  FakeIntersectionObserver.live.clear()
  vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver)
}

/** Brings into view every observed element that `which` accepts (all of them by default). */
export function showElements(which: (el: Element) => boolean = () => true): void {
  for (const o of [...FakeIntersectionObserver.live]) o.show(which)
}

/** How many elements are being observed, not yet reported in view. */
export function watchedCount(): number {
  return [...FakeIntersectionObserver.live].reduce((a, o) => a + o.targets.size, 0)
}
