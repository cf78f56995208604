// A run config as flat (setting, value) rows, for the XLSX Config sheet and the report.

export type ConfigValue = string | number | boolean | null

/** Nested keys joined by '.'; arrays and empty objects become one JSON text. */
export function flattenConfig(value: unknown, prefix = '', out: [string, ConfigValue][] = []): [string, ConfigValue][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flattenConfig(v, prefix === '' ? k : `${prefix}.${k}`, out)
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
    out.push([prefix, value])
  } else {
    out.push([prefix, JSON.stringify(value ?? null)])
  }
  return out
}
