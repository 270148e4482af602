-- V2: fewer index writes on the hot path (issue 5). Every index a row is in costs an insertion on
-- each new row version; a session's status and tally change several times in its life.

-- Sessions: with no index naming status (a listing filtered by status walks the id or owner
-- index instead), a change of status or tally is a HOT update (no index touched) when the page
-- has room, which the lower fillfactor keeps for it.
DROP INDEX sessions_by_status;
ALTER TABLE sessions SET (fillfactor = 70);
-- The pruner's finished_at: a BRIN index (rows finish roughly in the order they were written)
-- does not stop an update that sets finished_at from being HOT (PostgreSQL 16 and later), so a
-- session's last write touches no index either.
DROP INDEX sessions_finished;
CREATE INDEX sessions_finished ON sessions USING brin (finished_at);

-- Blocks: the rescuer reads expired leases through blocks_running (few rows: only running
-- blocks), so lease renewals stop rewriting an index, and a claim writes one index entry less.
DROP INDEX blocks_leases;

-- The engine sends COMMIT in the same round trip as its writes, so a guarded write that finds a
-- row changed meanwhile must fail inside the transaction (turning that COMMIT into a rollback)
-- rather than be noticed afterwards: serialization_failure, which the engine retries.
CREATE FUNCTION blockline_expect_rows(actual bigint, expected bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
BEGIN
  IF actual <> expected THEN
    RAISE EXCEPTION 'concurrent change: % of % rows updated', actual, expected USING ERRCODE = '40001';
  END IF;
  RETURN actual;
END
$$;

-- Blocks: a requirement is stored as the required block's seq too, so the planner finds it
-- through the (session_id, seq) key, and the unique index on the lower-cased ids goes: every
-- version of every block row paid an entry in it, for a uniqueness the submit already checks
-- (ids are unique per session, case-insensitively, and blocks are only ever added by a submit).
ALTER TABLE blocks ADD COLUMN requires_seq int[] NOT NULL DEFAULT '{}';
UPDATE blocks b SET requires_seq = ARRAY(
    SELECT r.seq FROM blocks r
    WHERE r.session_id = b.session_id AND lower(r.block_key) = ANY(b.requires) ORDER BY r.seq)
  WHERE b.requires <> '{}';
DROP INDEX blocks_key_per_session;

-- Runs and activity lines are only ever read by block: one index, the primary key, serves that
-- (and the cascade from blocks) instead of two.
ALTER TABLE runs DROP CONSTRAINT runs_pkey, ADD PRIMARY KEY (block_id, id);
DROP INDEX runs_by_block;
ALTER TABLE activity DROP CONSTRAINT activity_pkey, ADD PRIMARY KEY (block_id, id);
DROP INDEX activity_by_block;
