// fw datasets (the stored datasets, with how many runs use each and its size) and fw rm --dataset
// (delete one no run uses, giving its space back to the disk) and fw compact (rewrite the file with
// no free space inside it): core/services/datasets.ts.
import { compactDatabase, removeDataset, storedDatasets } from '../services/datasets'
import { andList, sizeWords } from '../data/words'
import { UsageError, str, type Parsed } from './args'
import { compactHint, table, type Out } from './format'
import { openCliStore } from './runs'

export function listDatasets(p: Parsed, out: Out): void {
  const store = openCliStore(p)
  try {
    const rows = storedDatasets(store)
    if (p.flags['json'] === true) return void out.write(JSON.stringify(rows, null, 2) + '\n')
    if (!rows.length) return void out.write(`no datasets in ${store.file}; fw train stores the CSV it trains on\n`)
    out.write(table(['dataset', 'name', 'rows', 'columns', 'runs', 'size', 'imported'], rows.map((d) => [
      String(d.id), d.name, String(d.rowCount), String(d.columnCount), String(d.runs), sizeWords(d.bytes),
      new Date(d.importedAt).toISOString().slice(0, 16).replace('T', ' ')
    ])) + '\n')
    // copies of the same rows (an older version kept one per run): said, never merged
    const groups = new Set(rows.filter((d) => d.sameRows.length).map((d) => [d.id, ...d.sameRows].sort((a, b) => a - b).join(',')))
    for (const g of groups) out.write(`\ndatasets ${andList(g.split(','))} hold the same rows; runs on any of them score on the same data\n`)
    const unused = rows.filter((d) => d.runs === 0)
    if (unused.length) out.write(`\n${unused.length} ${unused.length === 1 ? 'dataset is' : 'datasets are'} used by no run (${sizeWords(unused.reduce((n, d) => n + d.bytes, 0))}); delete one with: fw rm --dataset N\n`)
  } finally {
    store.close()
  }
}

/** --dataset N: a positive integer, named as the flag. */
export function datasetId(p: Parsed): number {
  const raw = str(p, 'dataset')!
  const id = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) throw new UsageError(`fw rm --dataset: expected a dataset id (a positive integer, see fw datasets), got '${raw}'`)
  if (p.positional.length) throw new UsageError(`fw rm --dataset: one dataset id is expected, and '${p.positional.join(' ')}' was given besides: delete one dataset at a time (fw rm --dataset ${id}), and runs apart (fw rm RUN...)`)
  return id
}

export function removeDatasetCommand(p: Parsed, out: Out): void {
  const id = datasetId(p)
  const store = openCliStore(p)
  try {
    const r = removeDataset(store, id)
    out.write(`${r.said}\n${compactHint(r.reclaimed)}`)
  } finally {
    store.close()
  }
}

export function compactCommand(p: Parsed, out: Out): void {
  const store = openCliStore(p)
  try {
    const { file } = compactDatabase(store)
    // a few pages less reads 'went from 2.4 MB to 2.4 MB': said as nothing to give back
    const [was, is] = [sizeWords(file.before), sizeWords(file.after)]
    out.write(`${store.file}: ${was !== is ? `went from ${was} to ${is}; deleting runs and datasets gives their space back to the disk from now on` : `${is}, nothing free inside it to give back; deleting runs and datasets gives their space back to the disk`}\n`)
  } finally {
    store.close()
  }
}

