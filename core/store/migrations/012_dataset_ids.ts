/**
 * Schema version 12: a dataset's number is never given again, as a run's is (009). `datasets.id`
 * is an INTEGER PRIMARY KEY without AUTOINCREMENT, so deleting the newest dataset (fw rm --dataset,
 * the Data view's Delete) let the next import take its number: the app keeps Setup's settings by
 * dataset number, so the new file opened with the deleted one's roles and windows, and "dataset 3"
 * in a note or a shell history meant another file. dataset_ids keeps the largest number ever given
 * (seeded with the largest now stored); datasets.ts inserts with the next one, and the trigger
 * keeps the mark up for any other insert.
 */
export default /* sql */ `
CREATE TABLE dataset_ids (
  one     INTEGER PRIMARY KEY CHECK (one = 1),
  last_id INTEGER NOT NULL CHECK (last_id >= 0)
) STRICT;
INSERT INTO dataset_ids (one, last_id) SELECT 1, coalesce(max(id), 0) FROM datasets;
CREATE TRIGGER datasets_keep_last_id AFTER INSERT ON datasets BEGIN
  UPDATE dataset_ids SET last_id = max(last_id, NEW.id) WHERE one = 1;
END;
`
