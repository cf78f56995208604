/**
 * Schema version 4: the forecast choice (issue 12's honest choice, core/train/choice.ts) stored with
 * each finished regression run: which forecaster the run's forecast is, every candidate's
 * validation score and the sentence the app, the CLI and the report show. JSON of the slim
 * ChoiceSummary (core/export/verdict.ts), without the fitted statistical models, which the model
 * file already carries. NULL for classification runs, unfinished runs and runs stored before.
 */
export default /* sql */ `
ALTER TABLE runs ADD COLUMN choice_json TEXT CHECK (choice_json IS NULL OR json_valid(choice_json));
`
