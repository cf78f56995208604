// A Blob's text as it streams: decoded chunk by chunk (chromium gives up to 2 MiB at a time), as
// UTF-8 unless the user chose Windows-1252 after the UTF-8 refusal (ImportOptions.encoding; the
// import says so in a notice). keepBom: a part of a file that starts after a line break keeps a
// U+FEFF there as text, as the whole file's decoder would (only a BOM at the very start of the file
// is dropped).
import type { TextEncodingName } from '../../../core/data/types'

export async function* textChunks(file: Blob, keepBom = false, encoding: TextEncodingName = 'utf-8'): AsyncGenerator<string> {
  const reader = file.stream().pipeThrough(new TextDecoderStream(encoding, { ignoreBOM: keepBom })).getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return
    yield value
  }
}
