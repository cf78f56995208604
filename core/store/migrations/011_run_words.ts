/**
 * Schema version 11: a run's stored words in both front ends' wording, and a done run's ending
 * apart from a failure's cause. Until now runs.error held ONE string: a failed run's cause and a
 * done run's ending (it diverged after good epochs and kept the best epoch, the only ending ever
 * stored there: a done run's error was NULL before), each in the words of whichever front end
 * trained it (core/data/words.ts), so the app said "training.lr in the --config file" of a run
 * fw trained, fw show said "Learning rate in Setup" of one the app trained, and fw show --json
 * gave a good run's ending as its `error`.
 * - runs.error_app: the app's words of `error` where they differ from the CLI's kept in `error`
 *   (NULL: the same in both, as every row stored before, which both front ends show as stored).
 * - runs.ending_json: a done run's ending (core/services/run-words.ts RunEnding): its kind, the
 *   epoch whose weights it kept, and the sentence in the CLI's words (`message`) and the app's
 *   (`app`). A done run's stored error moves here, with the epoch of its best checkpoint, the one
 *   that sentence says it kept; its wording stays the one it was stored in.
 */
export default /* sql */ `
ALTER TABLE runs ADD COLUMN error_app TEXT;
ALTER TABLE runs ADD COLUMN ending_json TEXT CHECK (ending_json IS NULL OR json_valid(ending_json));
UPDATE runs SET
  ending_json = json_object('kind', 'diverged',
    'kept', (SELECT c.epoch FROM checkpoints c WHERE c.run_id = runs.id AND c.kind = 'best'),
    'message', error),
  error = NULL
 WHERE status = 'done' AND error IS NOT NULL;
`
