-- V15: a block that succeeds at its first attempt keeps that run in its own row (issue 15: a run
-- row per attempt).
--
-- Most blocks run once and succeed. Their completion wrote the block (a new row version and its
-- primary key entry) and a row in runs (a heap row, a primary key entry, a sequence value): the
-- runs row was about 180 of the 1,060 WAL bytes a drained block cost, and a row kept per block
-- for as long as the block is. Now such a run's worker times go into the block row the
-- completion writes anyway; runs keeps every other run (failures, retries, timeouts, dataset
-- items, lost leases), and a block with a row there never has its run in its own row
-- (SessionEngine decides which, at the completion). The two new columns add nothing to a row
-- until they are set.
--
-- block_runs is the whole history, the one place to read runs from (BlockSql.RUNS_OF_BLOCK,
-- the tests, the bench's checks); the second half's id 0 sorts the in-row run first, and it is
-- the block's only run.
ALTER TABLE blocks ADD COLUMN run_started_at timestamptz, ADD COLUMN run_finished_at timestamptz;

CREATE VIEW block_runs AS
  SELECT id, block_id, attempt, item, started_at, finished_at, status, error FROM runs
  UNION ALL
  SELECT 0::bigint, id, 1, NULL::int, run_started_at, run_finished_at, 'SUCCESS'::text, NULL::jsonb
  FROM blocks WHERE run_started_at IS NOT NULL;
