/**
 * Schema version 10: a global run's headline metrics are scale-free. Global runs stored before kept
 * as their test 'mae' (model, network, naive) the plain mean of their series' MAEs, each in its own
 * series' units (0.001 to 580 in one run), which the Runs list, Evaluate, fw show, the report and
 * the workbook then showed as the run's MAE and turned into a skill that a few large series
 * decided. This drops those means and adds what core/services/global-run.ts globalRunMetrics now
 * stores, from each series' scores kept in run_series: 'gmrae', the geometric mean over series of
 * MAE / naive MAE (series with either 0 or undefined left out; naive itself 1), and the run's
 * 'skill', 1 − its gmrae. Mean MASE, scale-free already, stays. No schema change.
 */
export default /* sql */ `
DELETE FROM metrics WHERE metric IN ('mae', 'rmse', 'skill') AND run_id IN (SELECT id FROM runs WHERE global_json IS NOT NULL);
INSERT INTO metrics (run_id, split, model, metric, value)
  SELECT run_id, 'test', 'model', 'gmrae', exp(avg(ln(mae / naive_mae))) FROM run_series
   WHERE mae > 0 AND naive_mae > 0 GROUP BY run_id;
INSERT INTO metrics (run_id, split, model, metric, value)
  SELECT run_id, 'test', 'model', 'skill', 1 - value FROM metrics WHERE metric = 'gmrae' AND model = 'model' AND split = 'test';
INSERT INTO metrics (run_id, split, model, metric, value)
  SELECT run_id, 'test', 'network', 'gmrae', exp(avg(ln(network_mae / naive_mae))) FROM run_series
   WHERE network_mae > 0 AND naive_mae > 0 GROUP BY run_id;
INSERT INTO metrics (run_id, split, model, metric, value)
  SELECT run_id, 'test', 'naive', 'gmrae', 1 FROM run_series WHERE naive_mae > 0 GROUP BY run_id;
`
