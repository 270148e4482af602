-- V11: sessions whose blocks neither require another block nor wait for a delay (issue 15: the
-- start of a large parallel session).
--
-- Started in parallel without maxParallel, such a session releases every waiting block at once,
-- all due now. The engine then neither loads those blocks nor writes them one by one: one
-- set-based UPDATE releases them (BlockSql.RELEASE_ALL_WAITING). Sessions stored before this
-- migration keep the row-by-row path (false).
-- A constant default: PostgreSQL adds the column without rewriting the table.
ALTER TABLE sessions ADD COLUMN plain boolean NOT NULL DEFAULT false;
