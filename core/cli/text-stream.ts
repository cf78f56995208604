// A CSV file's text as it streams from the disk, decoded as the user chose (--encoding): UTF-8 by
// Node's own decoder (a character split between two chunks is joined), Windows-1252 (one byte a
// character, so any chunk decodes alone) by TextDecoder, as the app's import worker decodes it. Node only.
import { createReadStream } from 'node:fs'
import type { TextEncodingName } from '../data/types'

export function fileText(path: string, encoding: TextEncodingName = 'utf-8', chunk: number, start = 0, end?: number): AsyncIterable<string> {
  const range = { highWaterMark: chunk, start, ...(end === undefined ? {} : { end }) }
  if (encoding === 'utf-8') return createReadStream(path, { encoding: 'utf8', ...range }) as AsyncIterable<string>
  const bytes = createReadStream(path, range) as AsyncIterable<Buffer>
  const decoder = new TextDecoder(encoding)
  return (async function* () {
    for await (const b of bytes) yield decoder.decode(b, { stream: true })
  })()
}
