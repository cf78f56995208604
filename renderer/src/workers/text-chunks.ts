// A Blob's text as it streams: UTF-8 decoded chunk by chunk (chromium gives up to 2 MiB at a time).
// keepBom: a part of a file that starts after a line break keeps a U+FEFF there as text, as the
// whole file's decoder would (only a BOM at the very start of the file is dropped).
export async function* textChunks(file: Blob, keepBom = false): AsyncGenerator<string> {
  const reader = file.stream().pipeThrough(new TextDecoderStream('utf-8', { ignoreBOM: keepBom })).getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return
    yield value
  }
}
