import { notFound } from './errors'
import { now, read, write, type Ctx } from './context'
import { jsonText, text, textOrNull } from './validate'

/** A named group of runs (e.g. a grid over hidden size); each trial is a run with this sweep_id. */
export interface Sweep {
  id: number
  name: string
  /** The sweep's definition as submitted (opaque JSON text). */
  specJson: string
  notes: string | null
  createdAt: number
}

export interface SweepInput {
  name: string
  specJson?: string
  notes?: string | null
}

export function sweepsTable(ctx: Ctx) {
  const insert = ctx.db.prepare('INSERT INTO sweeps (name, spec_json, notes, created_at) VALUES (?, ?, ?, ?)')
  const cols = 'id, name, spec_json AS specJson, notes, created_at AS createdAt'
  const selectAll = ctx.db.prepare<[], Sweep>(`SELECT ${cols} FROM sweeps ORDER BY id DESC`)
  const selectOne = ctx.db.prepare<[number], Sweep>(`SELECT ${cols} FROM sweeps WHERE id = ?`)
  const remove = ctx.db.prepare('DELETE FROM sweeps WHERE id = ?')

  return {
    create(input: SweepInput): number {
      const name = text('sweep.name', input.name)
      const spec = input.specJson === undefined ? '{}' : jsonText('sweep.specJson', input.specJson)
      const notes = textOrNull('sweep.notes', input.notes)
      return write(ctx, 'sweep', 'NORMAL', () => Number(insert.run(name, spec, notes, now()).lastInsertRowid))
    },
    list(): Sweep[] {
      return read(ctx, () => selectAll.all())
    },
    get(id: number): Sweep {
      const s = read(ctx, () => selectOne.get(id))
      if (s === undefined) throw notFound(`sweep ${id}`)
      return s
    },
    /** Deletes the sweep; its runs stay, ungrouped. */
    remove(id: number): void {
      write(ctx, 'sweep deletion', 'NORMAL', () => {
        if (remove.run(id).changes === 0) throw notFound(`sweep ${id}`)
      })
    }
  }
}

export type SweepsTable = ReturnType<typeof sweepsTable>
