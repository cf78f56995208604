// A stored run and its dataset as an earlier version kept them: its yes/no target column without the
// data file's words (meta_json null) and the run without its classes (classes_json null, which keeps
// the words too since migration 019), for the tests of what a run stored before they were kept says.
import Database from 'better-sqlite3'
import { expect } from 'vitest'

export function forgetYesNoWords(db: string, runId: number, column: string): void {
  const sql = new Database(db)
  try {
    const n = sql.prepare("UPDATE dataset_columns SET meta_json = 'null' WHERE dataset_id = (SELECT dataset_id FROM runs WHERE id = ?) AND name = ?").run(runId, column).changes
    expect(n).toBe(1)
    sql.prepare('UPDATE runs SET classes_json = NULL WHERE id = ?').run(runId)
  } finally {
    sql.close()
  }
}
