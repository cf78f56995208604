/** One difference between two configs, at a flattened key path such as `model.layers[1].size`. */
export interface ConfigChange {
  path: string
  kind: 'added' | 'removed' | 'changed'
  /** Absent when kind is 'added'. */
  before?: unknown
  /** Absent when kind is 'removed'. */
  after?: unknown
}

/** Flattens JSON to leaf key paths; empty objects and arrays count as leaves so they still diff. */
export function flattenConfig(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value) && value.length > 0) {
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
      changes.push({ path, kind: 'changed', before: a.get(path), after: b.get(path) })
    }
  }
  return changes
}
