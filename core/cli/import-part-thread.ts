// The worker thread of the CLI's two-part import (import-parts.ts): reads the file from the byte it
// is given with the first part's layout and posts the part back, its buffers transferred.
import { parentPort, workerData } from 'node:worker_threads'
import { partTransfer, readPart, tenPerSecond } from '../data/parts'
import type { PartThreadReply, PartThreadRequest } from './import-parts'
import { fileText } from './text-stream'

const req = workerData as PartThreadRequest
const post = (m: PartThreadReply, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer)
const text = fileText(req.path, req.options.encoding, 1 << 16, req.start)
const result = await readPart(text, req.layout, req.options, tenPerSecond((p) => post({ type: 'progress', records: p.records, chars: p.chars }), () => performance.now()))
post({ type: 'part', result }, result.ok ? partTransfer(result.part) : [])
