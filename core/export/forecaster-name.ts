// The short name of the forecaster chosen for a series (core/train/choice.ts), for tables: the CLI's
// "forecast by" column (core/cli/global.ts), the app's per-series table and the exports' Series
// tables. No imports, so the renderer can take it without the statistical models.

/** 'network', 'network + stats' (the network with the statistical models: 'ensemble'), 'stats mean'
 *  (the statistical models' mean: 'combination'), 'naive', or the statistical model's label
 *  ('ETS(A,N,A)', 'Theta'), else its name. */
export function forecasterName(chosen: string, label?: string | null): string {
  if (chosen === 'ensemble') return 'network + stats'
  if (chosen === 'combination') return 'stats mean'
  if (chosen === 'network' || chosen === 'naive') return chosen
  return label || chosen
}
