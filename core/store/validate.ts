import { invalid } from './errors'

/**
 * SQLite silently turns a bound NaN into NULL, so NaN would masquerade as "absent".
 * Everything numeric is checked here first; absent values are `null`, never NaN.
 */
export function finite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalid(field, `must be a finite number (got ${describe(value)})`)
  }
  return value
}

export function finiteOrNull(field: string, value: unknown): number | null {
  if (value === null || value === undefined) return null
  return finite(field, value)
}

export function integer(field: string, value: unknown, min = Number.MIN_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(field, `must be an integer >= ${min} (got ${describe(value)})`)
  }
  return value
}

export function text(field: string, value: unknown, { allowEmpty = false } = {}): string {
  if (typeof value !== 'string' || (!allowEmpty && value.length === 0)) {
    throw invalid(field, `must be a ${allowEmpty ? '' : 'non-empty '}string (got ${describe(value)})`)
  }
  return value
}

export function textOrNull(field: string, value: unknown): string | null {
  if (value === null || value === undefined) return null
  return text(field, value, { allowEmpty: true })
}

/** Checks that `json` parses, and returns it unchanged: configs are stored verbatim. */
export function jsonText(field: string, json: unknown): string {
  text(field, json)
  try {
    JSON.parse(json as string)
  } catch (e) {
    throw invalid(field, `is not valid JSON (${(e as Error).message})`)
  }
  return json as string
}

/** Rejects the first NaN or ±Infinity in a model buffer, naming its index. */
export function allFinite(field: string, values: Float32Array | Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw invalid(`${field}[${i}]`, `must be finite (got ${values[i]})`)
  }
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)
  return value === null ? 'null' : typeof value
}
