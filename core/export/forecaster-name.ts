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

/** How many series each forecaster forecasts, most first (ties by name), one wording for fw's
 *  'forecast by' line and Evaluate's: 'network + stats (23 series), stats mean (7 series)', where
 *  'Theta 12' read as a parameter of the model. */
export function forecastCountWords(counts: Iterable<readonly [string, number]>): string {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([name, n]) => `${name} (${n} series)`).join(', ')
}

/**
 * The forecaster's members in a few words, for a table cell that the full label would overflow
 * (the Runs list): 'network + ETS + Theta + ARIMA' for 'mean of the network, ETS(A,A,N), Theta and
 * ARIMA(0,1,0)(1,1,0)[12] with drift', 'ETS' for 'ETS(M,Ad,M)', 'Seasonal naive' for 'Seasonal naive
 * (12)'. The full label belongs in the cell's tooltip.
 */
export function forecasterWords(chosen: string, label?: string | null): string {
  if (chosen === 'network' || chosen === 'naive' || !label) return chosen
  const bare = label
    .replace(/^mean of /, '')
    .replace(/\s*\[[^\]]*\]/g, '') // ARIMA's [m]
    .replace(/\s*\((?:[^()]|\([^()]*\))*\)/g, '') // the model's spec: (A,N,A), (0,1,1), (12)
    .replace(/ with (?:drift|non-zero mean|zero mean)/g, '') // ARIMA's constant
    .replace(/\bthe network\b/, 'network')
  return bare.split(/, | and /).map((s) => s.trim()).filter(Boolean).join(' + ')
}
