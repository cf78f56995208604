// One entry point for "open this model file": the JSON model format of core/engine or an .onnx
// file exported here. The CLI (`fw predict --model …`) and the app's import both call it.
import { parseModel } from '../engine/serialize'
import type { Model } from '../engine/model'
import { ModelImportError } from './errors'
import { importAnyOnnx, type ImportedGlobalOnnx, type ImportedOnnx } from './onnx-import'

export type OpenedModel =
  | ({ kind: 'onnx' } & ImportedOnnx)
  | ({ kind: 'onnx-global' } & ImportedGlobalOnnx) // a global model's graph: one network, each series' values in its series_table
  | { kind: 'json'; model: Model; pipeline?: unknown; meta?: Record<string, unknown> }

/** Reads `bytes` of the file named `file`; JSON is recognised by its leading '{', anything else is
 *  read as ONNX, a single-series export or a global model's graph. Errors name the file. */
export function openModelFile(bytes: Uint8Array, file: string, appVersion: string): OpenedModel {
  let i = 0
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++
  if (bytes[i] !== 0x7b) return importAnyOnnx(bytes, { file, appVersion })
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(bytes))
  } catch (e) {
    throw new ModelImportError(file, '(file)', `is not valid JSON (${(e as Error).message})`)
  }
  try {
    return { kind: 'json', ...parseModel(json) }
  } catch (e) {
    throw new ModelImportError(file, (e as { field?: string }).field ?? '(file)', (e as Error).message.replace(/^\S+ /, ''))
  }
}
