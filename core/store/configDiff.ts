/** One difference between two configs, at a flattened key path such as `model.layers[1].size`. */
export interface ConfigChange {
  path: string
  kind: 'added' | 'removed' | 'changed'
  /** Absent when kind is 'added'. */
  before?: unknown
  /** Absent when kind is 'removed'. */
  after?: unknown
  /** A list of names (data.features, data.known, …) whose names differ: those only in the first
   *  config and those only in the second, in their order. A list is one change, not one per position
   *  ("data.features[1]: humidity vs precipitation" read as a replacement when a name was added). */
  onlyBefore?: string[]
  onlyAfter?: string[]
}

/** A list of names, compared as a set; a series' columns and values pair by position, so are not. */
function isNameList(v: unknown, path: string): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') && !path.startsWith('data.series.')
}

/** Flattens JSON to leaf key paths; empty objects and arrays count as leaves so they still diff, and
 *  so does a list of names (isNameList), diffed as a set. */
export function flattenConfig(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value) && value.length > 0 && !isNameList(value, prefix)) {
    value.forEach((v, i) => flattenConfig(v, `${prefix}[${i}]`, out))
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flattenConfig(v, prefix === '' ? k : `${prefix}.${k}`, out)
  } else {
    out.set(prefix, value)
  }
  return out
}

/** Differences between two config JSON texts, sorted by path. Equal configs give []. */
export function diffConfigs(beforeJson: string, afterJson: string): ConfigChange[] {
  const a = flattenConfig(JSON.parse(beforeJson))
  const b = flattenConfig(JSON.parse(afterJson))
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort()
  const changes: ConfigChange[] = []
  for (const path of paths) {
    if (!b.has(path)) changes.push({ path, kind: 'removed', before: a.get(path) })
    else if (!a.has(path)) changes.push({ path, kind: 'added', after: b.get(path) })
    else if (JSON.stringify(a.get(path)) !== JSON.stringify(b.get(path))) {
      const [x, y] = [a.get(path), b.get(path)]
      const names = isNameList(x, path) && isNameList(y, path) ? { onlyBefore: x.filter((n) => !y.includes(n)), onlyAfter: y.filter((n) => !x.includes(n)) } : null
      // the same names in another order: the two lists as they are
      const sets = names && (names.onlyBefore.length || names.onlyAfter.length) ? names : {}
      changes.push({ path, kind: 'changed', before: x, after: y, ...sets })
    }
  }
  return changes
}

/** A change's two cells, as fw compare and the app's Compare show them: for a list of names, the
 *  names only in each run ("only in run 5: sales", '—' where a run has none of its own); otherwise
 *  each value as JSON, '—' where absent. `a`, `b`: how the runs are named ("run 5"). */
export function changeCells(c: ConfigChange, a: string, b: string): [string, string] {
  if (c.onlyBefore && c.onlyAfter) {
    const only = (names: string[], run: string) => (names.length ? `only in ${run}: ${names.join(', ')}` : '—')
    return [only(c.onlyBefore, a), only(c.onlyAfter, b)]
  }
  const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v))
  return [show(c.before), show(c.after)]
}
