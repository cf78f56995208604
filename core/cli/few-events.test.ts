// A classification run whose test period holds few rows of its rarer class (3 positives in 45, the
// exploratory test's cls_few.csv): fw runs marks its skill and fw train / fw resume print the caution,
// as its verdict, fw show and the app's Runs list are amber.
import { beforeAll, describe, expect, it } from 'vitest'
import { fewEventsNote } from './format'
import { parseRule } from '../data/config'
import { storeClassificationRuns } from './test-fixtures/classification-runs'
import { fw } from './test-fixtures/fw'

let db: string
const ids: Record<number, number> = {}
// 45 test rows, the last `positives` of them class 1
const rows = (positives: number) => Array.from({ length: 45 }, (_, i) => ({ ts: i, step: 1, value: 0.1, lower: null, upper: null, actual: Number(i >= 45 - positives) }))

beforeAll(() => {
  // 0 positives: a run stored before its classes were kept (the rule names them); -3: three
  // classes kept with the run, no rule, the test period holding none of the third ('snow')
  const positives = [3, 12, 0, -3]
  const stored = storeClassificationRuns('fw-few-events-', 'cls_few.csv', positives.map((p) => ({
    ...(p === -3 ? { rule: null } : {}),
    results: {
      ...(p === -3 ? { classes: { names: ['sun', 'rain', 'snow'] } } : {}),
      metrics: [
        { split: 'val', model: 'majority', metric: 'brier', value: 0.13 },
        { split: 'test', model: 'model', metric: 'brier', value: 0.1243 },
        { split: 'test', model: 'majority', metric: 'brier', value: 0.129 },
        { split: 'test', model: 'model', metric: 'skill', value: 1 - 0.1243 / 0.129 }
      ],
      forecasts: rows(Math.abs(p))
    }
  })))
  db = stored.db
  positives.forEach((p, i) => (ids[p] = stored.ids[i]!))
})

describe('few test events', () => {
  it('fw runs marks the skill of a run with 3 rows of its rarer class, and says why under the table', async () => {
    const r = await fw('runs', '--db', db)
    expect(r.code).toBe(0)
    const line = (id: number) => r.stdout.split('\n').find((l) => l.startsWith(`${id} `))!
    expect(line(ids[3]!)).toContain('+3.6 %, few events')
    expect(line(ids[12]!)).toContain('+3.6 %')
    expect(line(ids[12]!)).not.toContain('few events') // enough events: unmarked, as before
    expect(r.stdout).toContain(`note: run ${ids[3]}: the test period holds only 3 rows of its rarer class`)
    expect(r.stdout).not.toContain(`note: run ${ids[12]}:`)
  })

  it('fw runs names the class the test period lacks, as the run\'s own caution does: by the rule\'s words, or by the name kept with the run', async () => {
    const r = await fw('runs', '--db', db)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`note: run ${ids[0]}: the test period holds no row where y > 1.8, too few`)
    expect(r.stdout).toContain(`note: run ${ids[-3]}: the test period holds no row of snow, too few`)
    // fw show's verdict says it in the same words
    const show = await fw('show', String(ids[0]), '--db', db)
    expect(show.code, show.stderr).toBe(0)
    expect(show.stdout).toMatch(/verdict: .*but the test period holds no row where y > 1\.8\n/)
  })

  it("a rule's caution says its rows by the rule, either class, and a yes/no target's in its data file's words", () => {
    const rule = { target: 'y', classes: { names: ['false', 'true'], rule: parseRule('y > 1.8') } }
    expect(fewEventsNote('classification', rows(0), rule)).toMatch(/^caution: the test period holds no row where y > 1\.8: /)
    expect(fewEventsNote('classification', rows(45), rule)).toMatch(/^caution: the test period holds no row where y <= 1\.8: /)
    const yesNo = { target: 'rain', classes: { names: ['false', 'true'], rule: null, words: ['no', 'yes'] as const } }
    expect(fewEventsNote('classification', rows(0), yesNo)).toMatch(/^caution: the test period holds no row where rain = yes: /)
    const sky = { target: 'sky', classes: { names: ['wet', 'dry'], rule: null } }
    expect(fewEventsNote('classification', rows(0), sky)).toMatch(/^caution: the test period holds no row of dry: /)
  })

  it('fw train and fw resume say it under the test metrics of a classification run only', () => {
    expect(fewEventsNote('classification', rows(3))).toMatch(/^caution: the test period holds only 3 rows of its rarer class: /)
    expect(fewEventsNote('classification', rows(0))).toMatch(/^caution: the test period holds no row of one of the classes/)
    expect(fewEventsNote('classification', rows(12))).toBe('')
    expect(fewEventsNote('regression', rows(3))).toBe('')
  })
})
