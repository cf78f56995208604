// The reply validators (electron/replies.ts) against the reply types (contract.ts Responses,
// replies.ts Events). Most of this file is checked by tsc (npm run typecheck, tsconfig.node.json):
// it does not compile while a validator and its type part (electron/reply-drift.ts), the error
// naming each place ("Type '\"getRun.stepIndex: the validator checks a field the type lacks\"' is
// not assignable to type 'never'").
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { VERBS, type Responses } from './contract'
import { EVENT_SCHEMAS, RESPONSE_SCHEMAS, type Events } from './replies'
import type { Diff, DriftOf, NoDrift } from './reply-drift'

/**
 * Where a validator checks less than its type says, on purpose, each with why. Nothing else may
 * part: a field the validator checks must be in the type (and optional in both or neither), and a
 * field the type has must be checked, with the same values, unless listed here.
 */
type Unchecked =
  // a run's config (TrainConfig), its stored choice (ChoiceSummary) and threshold (ThresholdChoice)
  // are checked as plain objects: their content is read, and checked, by the code that reads them
  | `${'listTraining[]' | 'getRun'}.config`
  | 'getRun.choice'
  | 'getRun.threshold'
  // a column's optional reading facts (core/data/types Column: its unit, yes/no words, zone
  // offsets, clock) and its date format's exact form: the validator checks what every column of
  // its kind has, by which the views read its values
  | `getDataset.columns[]<${string}>.${'unit' | 'words' | 'offsets' | 'rowOffsets' | 'zoned' | 'offsetMin' | 'clock' | 'format'}`
  // facts the Runs table and Evaluate say in words when present, passed as they come: the target's
  // values far outside its training scale, its unchanged share, the few-events cautions' names,
  // and the words for an ending's kind and a better score's metric (any string passes)
  | `${string}.range.${'outOfScale' | 'unchanged'}`
  | `${string}.ending.kind`
  | `${string}.testMetric.fewEvents.${'target' | 'names' | 'where'}`
  | `${string}.testMetric.scoresBetter[].metric`
  // a global classification's series' scores as the export keeps them (RunSeriesRow.classes is the
  // checked form the Evaluate view reads)
  | 'listRunSeries[].classScores'
  // an explanation's optional parts and its baseline's and method's fields (the validator checks
  // baseline and method as plain objects)
  | `explainForecast.${'global' | 'members' | 'permutation' | 'leads' | 'notes' | 'at.evaluations' | 'baseline' | 'method'}`
  // a global backtest fold's skipped series (FoldSkip): a list of anything passes
  | `backtestEvent.event<${string}>.${string}skipped[]`

type ReplyDrift = DriftOf<typeof RESPONSE_SCHEMAS, Responses, Unchecked>
type EventDrift = DriftOf<typeof EVENT_SCHEMAS, Events, Unchecked>
export type Checked = [NoDrift<ReplyDrift>, NoDrift<EventDrift>]

// The checker itself, on the drift that once happened (7f13f148): a validator still checking an
// optional stepIndex where the type had moved on to zone. Unused @ts-expect-error fails tsc, so
// these fail to compile if the checker stops seeing a drift.
const stepIndexOnly = { getRun: z.looseObject({ hasTime: z.boolean(), stepIndex: z.number().optional() }) }
const zoneOnly = { getRun: z.looseObject({ hasTime: z.boolean(), zone: z.number().optional() }) }
export type Drifts = [
  NoDrift<DriftOf<typeof zoneOnly, { getRun: { hasTime: boolean; zone?: number } }>>,
  // @ts-expect-error the validator checks stepIndex, which the type lacks; the type's zone is unchecked
  NoDrift<DriftOf<typeof stepIndexOnly, { getRun: { hasTime: boolean; zone?: number } }>>,
  // @ts-expect-error optional in the validator, required in the type
  NoDrift<Diff<{ a?: number }, { a: number }, 'a'>>,
  // @ts-expect-error a number checked where the type says a string
  NoDrift<Diff<{ a: number }, { a: string }, 'a'>>,
  // @ts-expect-error the type's union has a member the validator has no branch for
  NoDrift<Diff<{ type: 'x'; n: number }, { type: 'x'; n: number } | { type: 'y' }, 'e'>>,
  // @ts-expect-error a typed array of another kind
  NoDrift<Diff<{ b: Float64Array }, { b: Uint8Array }, 'a'>>
]

describe('reply validators and reply types', () => {
  it('there is a validator for every verb and push event, and no other', () => {
    expect(Object.keys(RESPONSE_SCHEMAS).sort()).toEqual([...VERBS].sort())
    expect(Object.keys(EVENT_SCHEMAS).sort()).toEqual(['backtestEvent', 'menu', 'openFile', 'runEvent'])
  })
})
