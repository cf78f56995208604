/**
 * Schema version 20: the threads a sweep's trial trains on. A sweep gives each trial whose config
 * says training.threads 'auto' its share of the cores (core/train/sweep.ts trialThreads), and the
 * stored config keeps 'auto', what the user chose. A stopped trial resumed (fw resume, the app's
 * Resume) must train on the same share: with dropout between stacked layers the masks depend on
 * how a batch is split, so 'auto' threads would end on other weights than the uninterrupted trial.
 * runs.trial_threads: that share (1..16); NULL for every other run, a trial whose config named a
 * number, and runs stored before (which resume on their config's threads, as they did).
 */
export default /* sql */ `
ALTER TABLE runs ADD COLUMN trial_threads INTEGER;
`
