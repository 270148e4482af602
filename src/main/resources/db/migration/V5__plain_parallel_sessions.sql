-- V5: sessions whose blocks require nothing (issue 15, the start of a large parallel session).
--
-- A started parallel session without maxParallel whose blocks have no requirements releases every
-- waiting block at once. The engine then neither loads those blocks nor writes them one by one:
-- one set-based UPDATE releases them (BlockSql.RELEASE_ALL_WAITING). Sessions stored before this
-- migration keep the row-by-row path (false).
-- A constant default: PostgreSQL adds the column without rewriting the table.
ALTER TABLE sessions ADD COLUMN plain boolean NOT NULL DEFAULT false;
