/**
 * Schema version 7 (issue 13 with issue 12's honest choice): each series of a global run is
 * forecast by what its validation rows chose (core/train/global.ts): the network, a statistical
 * model, their combination, or naive for a random walk. run_series keeps that choice and the
 * network's own test scores beside the chosen forecast's (mae, mase, which are the chosen one's):
 * - forecast_by: the choice ('network', 'ensemble', 'combination', 'naive', 'ets', ...);
 *   forecast_label: its label ('mean of ETS(A,N,A) and Theta'); forecast_note: the sentence why.
 * - network_mae, network_mase: the global network's test scores of that series.
 * NULL in rows stored before: then the network was the forecast, and mae, mase are its scores.
 */
export default /* sql */ `
ALTER TABLE run_series ADD COLUMN forecast_by TEXT CHECK (forecast_by IS NULL OR length(forecast_by) BETWEEN 1 AND 40);
ALTER TABLE run_series ADD COLUMN forecast_label TEXT;
ALTER TABLE run_series ADD COLUMN forecast_note TEXT;
ALTER TABLE run_series ADD COLUMN network_mae REAL;
ALTER TABLE run_series ADD COLUMN network_mase REAL;
`
