-- V3: what every hot-path write paid for beyond its rows (issue 5).

-- 1. The two foreign keys of the hot path go. A foreign key check runs a lookup per inserted row
-- and locks the parent row (FOR KEY SHARE), which writes a WAL record and leaves a lock mark on
-- the parent that later reads must resolve: measured, a submit's insert took 40 % longer, a
-- completion's run insert twice as long, and the planner's load of the locked blocks three times
-- as long with them.
--
-- What they guaranteed is kept by the writers: blocks are only inserted together with their
-- session, in one statement; runs only by the engine, for a block of a session it holds locked.
-- Deleting a session (retention, DELETE) locks it, then deletes its blocks and runs in the same
-- transaction (SessionRemoval), so no engine transaction can add a run afterwards.
-- Activity lines and deliveries keep theirs: they are rare, and they still cascade from blocks
-- and sessions.
ALTER TABLE blocks DROP CONSTRAINT blocks_session_id_fkey;
ALTER TABLE runs DROP CONSTRAINT runs_block_id_fkey;

-- 2. One CHECK per hot table instead of five. PostgreSQL prepares every CHECK of a table again
-- for each INSERT or UPDATE statement on it (reads its stored expression, plans it, compiles
-- it), whatever the number of rows: measured, the ten checks of blocks and sessions cost a
-- sequential session about a tenth of its time per block. What stays is what guards the state
-- machine: the status names (as one array constant, not a list PostgreSQL folds into an array at
-- each statement) and a running block's lease. The caller's values (priority, timeout, delay,
-- mode, execution time, max parallel) are checked by the submit's parser, with a precise error,
-- before anything is written, and no statement changes them afterwards.
ALTER TABLE blocks
  DROP CONSTRAINT blocks_status_check,
  DROP CONSTRAINT blocks_check,
  DROP CONSTRAINT blocks_priority_check,
  DROP CONSTRAINT blocks_timeout_ms_check,
  DROP CONSTRAINT blocks_delay_ms_check,
  ADD CONSTRAINT blocks_state CHECK (
    status = ANY ('{PREP,STANDBY,RUNNING,SUCCESS,ERROR,BLOCKER,TIMEOUT,CANCELLED,SKIPPED}'::text[])
    AND (status <> 'RUNNING' OR (lease_token IS NOT NULL AND lease_until IS NOT NULL)));
ALTER TABLE sessions
  DROP CONSTRAINT sessions_status_check,
  DROP CONSTRAINT sessions_execution_time_check,
  DROP CONSTRAINT sessions_priority_check,
  DROP CONSTRAINT sessions_mode_check,
  DROP CONSTRAINT sessions_max_parallel_check,
  ADD CONSTRAINT sessions_state CHECK (
    status = ANY ('{PREP,STANDBY,RUNNING,PAUSED,SUCCESS,ERROR,BLOCKER,CANCELLED}'::text[]));
