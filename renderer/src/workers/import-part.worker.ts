// The import worker's helper (a worker of the import worker): reads the second part of a large file
// while the import worker reads the first, and hands back its column accumulators, their buffers
// transferred (import-file.ts answerPart). Warmed with the import worker, on the same generated rows.
import { answerPart, type PartReply, type PartRequest } from './import-file'

const post = (msg: PartReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(msg, transfer)

let queue: Promise<void> = Promise.resolve()
self.onmessage = (e: MessageEvent<PartRequest>) => {
  queue = queue.then(() => answerPart(e.data, post))
}
