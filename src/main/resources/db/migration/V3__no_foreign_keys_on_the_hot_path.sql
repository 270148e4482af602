-- V3: the two foreign keys every hot-path insert paid for go (issue 5). A foreign key check runs
-- a lookup per inserted row and locks the parent row (FOR KEY SHARE), which writes a WAL record
-- and leaves a lock mark on the parent that later reads must resolve: measured, a submit's insert
-- took 40 % longer, a completion's run insert twice as long, and the planner's load of the
-- locked blocks three times as long with them.
--
-- What they guaranteed is kept by the writers: blocks are only inserted together with their
-- session, in one statement; runs only by the engine, for a block of a session it holds locked.
-- Deleting a session (retention, DELETE) locks it, then deletes its blocks and runs in the same
-- transaction (SessionRemoval), so no engine transaction can add a run afterwards.
-- Activity lines and deliveries keep theirs: they are rare, and they still cascade from blocks
-- and sessions.
ALTER TABLE blocks DROP CONSTRAINT blocks_session_id_fkey;
ALTER TABLE runs DROP CONSTRAINT runs_block_id_fkey;
