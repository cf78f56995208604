// The steps ahead the choice (choice.ts) scored its candidates on, in words: the one source of the
// words that the choice's sentence, the app's Evaluate, the report, the workbook and the CLI say.
// Every candidate forecasts 1..K steps ahead from each validation origin (K: the run's steps,
// prepare.ts defaultSteps), but a step is scored only where validation holds its row (pathMae), and
// only as far as the network reaches (paths.ts networkReach): at horizon 365 on 169 validation rows
// the choice never sees step 365. Pure: no Node, no DOM.

/** What the choice scored (ForecastChoice.scored): the highest step ahead with a validation row
 *  scored, the validation rows, and the steps the network reaches (every candidate is scored on
 *  them alone). Absent in runs stored before, whose words say steps 1..K. */
export interface ScoredSteps { steps: number; rows: number; reach: number }

/** The highest step k <= steps at which some origin's row o + k is in [start, end) and observed
 *  (not NaN): the steps pathMae can score (0: none). */
export function highestScoredStep(y: ArrayLike<number>, origins: ArrayLike<number>, range: { start: number; end: number }, steps: number): number {
  let top = 0
  for (let i = 0; i < origins.length; i++) {
    const o = origins[i]!
    for (let k = Math.min(steps, range.end - 1 - o); k > top; k--) {
      const r = o + k
      if (r >= range.start && y[r] === y[r]) {
        top = k
        break
      }
    }
  }
  return top
}

const span = (n: number): string => (n === 1 ? 'step 1' : `steps 1–${n}`)

/** 'steps 1–365 ahead'; where fewer than K steps were scored, which and why: 'steps 1–168 of 365
 *  ahead: validation holds 169 rows' (or 'the network reaches 7 steps: it reads inputs whose future
 *  is unknown'). */
export function scoredStepsWords(c: { steps: number; scored?: ScoredSteps }): string {
  const why = fewerStepsWhy(c)
  return why ? `${scoredSpanWords(c)}: ${why}` : scoredSpanWords(c)
}

/** scoredStepsWords' steps alone: 'steps 1–365 ahead', 'steps 1–168 of 365 ahead'. */
export function scoredSpanWords(c: { steps: number; scored?: ScoredSteps }): string {
  const s = c.scored
  return !s || s.steps >= c.steps ? `${span(c.steps)} ahead` : `${span(s.steps)} of ${c.steps} ahead`
}

/** Why fewer than c.steps steps were scored ('validation holds 169 rows', or the network's reach),
 *  `period` naming the rows scored ('the test period' for the test paths' coverage); null where
 *  every step was. */
export function fewerStepsWhy(c: { steps: number; scored?: ScoredSteps }, period = 'validation'): string | null {
  const s = c.scored
  if (!s || s.steps >= c.steps) return null
  return s.reach < c.steps && s.steps >= s.reach ? `the network reaches ${s.reach === 1 ? '1 step' : `${s.reach} steps`}: it reads inputs whose future is unknown` : `${period} holds ${s.rows === 1 ? '1 row' : `${s.rows} rows`}`
}

/** The farthest step scored: c.steps where every step was (and in runs stored before). */
export const farthestScored = (c: { steps: number; scored?: ScoredSteps }): number => Math.min(c.steps, c.scored?.steps ?? c.steps)

/** The choice sentence's clause on the steps it scored, where they are not what the run's horizon
 *  suggests (the steps scored differ from `horizon`): '; every candidate was scored on its
 *  forecasts 1 to 48 steps ahead from each validation origin (the run's horizon is 1)', or, where
 *  validation is shorter than K, 'steps 1–168 of 365 ahead: validation holds 169 rows'. '' where
 *  they are steps 1..horizon. */
export function scoredStepsClause(c: { steps: number; scored?: ScoredSteps }, horizon: number): string {
  const far = farthestScored(c)
  if (far === horizon && far === c.steps) return ''
  if (far < c.steps) return `; every candidate was scored on validation over ${scoredStepsWords(c)}, so no forecast further ahead was scored`
  return `; every candidate was scored on its forecasts ${far === 1 ? '1 step' : `1 to ${far} steps`} ahead from each validation origin (the run's horizon is ${horizon})`
}

/** How far ahead every candidate was scored from each validation origin: '365 steps ahead', or
 *  '1 to 168 steps ahead' where fewer than K were scored (a caption's words, beside scoredStepsWords). */
export function scoredPathWords(c: { steps: number; scored?: ScoredSteps }): string {
  const far = farthestScored(c)
  if (far === c.steps) return `${c.steps} ${c.steps === 1 ? 'step' : 'steps'} ahead`
  return `${far === 1 ? '1 step' : `1 to ${far} steps`} ahead`
}
