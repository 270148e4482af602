-- V12: a block's identity comes from its session (issue 15: what every block row version paid).
--
-- Every status change of a block writes a new row version, and every version took an entry in
-- each full index of blocks: the primary key, the unique token and the unique (session_id, seq).
-- Measured with pgbench on a copy of blocks (docs/benchmarks.md, "Issue 15, fourth session"), a
-- claim and a completion cost 21-25 % less database time and 27 % less WAL without the last two.
-- They go, and what they answered comes from the primary key:
--
-- * a block's id is its session's id shifted left by 20 bits, plus its seq
--   (blockline_block_id(session_id, seq)): one session's blocks are one range of ids, in seq order,
--   and (session_id, seq) is unique because ids are. A session holds at most 10,000 blocks
--   (SubmissionParser.MAX_BLOCKS), far below 2^20; session ids have 43 bits left.
-- * a block's token is its session's token with the kind letter b, a dot and its seq
--   (Tokens.block): blockline_block_id(token) finds the session by its token and computes the id.
--   Tokens given out before this migration stay valid: they have no dot, and a partial index
--   holds just those.
--
-- Blocks stored before this migration get their new ids here (their runs, activity lines,
-- command processes and paused sessions follow); their tokens do not change.

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM blocks WHERE seq >= 1048576) THEN
    RAISE EXCEPTION 'a session holds more than 2^20 blocks: its block ids cannot be derived from it';
  END IF;
END
$$;

CREATE FUNCTION blockline_block_id(session_id bigint, seq int) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ($1 << 20) + $2 $$;

-- Keys that would be maintained for every row moved (or that an id could collide with while
-- rows move) go first; those that stay come back at the end, built once.
ALTER TABLE activity DROP CONSTRAINT activity_block_id_fkey;
ALTER TABLE blocks DROP CONSTRAINT blocks_session_id_seq_key;
ALTER TABLE blocks DROP CONSTRAINT blocks_token_key;
ALTER TABLE runs DROP CONSTRAINT runs_pkey;
ALTER TABLE activity DROP CONSTRAINT activity_pkey;
ALTER TABLE command_runs DROP CONSTRAINT command_runs_pkey;

-- What points at a block follows it, found through the old id while blocks still have it.
UPDATE runs r SET block_id = blockline_block_id(b.session_id, b.seq)
  FROM blocks b WHERE b.id = r.block_id AND b.id <> blockline_block_id(b.session_id, b.seq);
UPDATE activity a SET block_id = blockline_block_id(b.session_id, b.seq)
  FROM blocks b WHERE b.id = a.block_id AND b.id <> blockline_block_id(b.session_id, b.seq);
UPDATE command_runs c SET block_id = blockline_block_id(b.session_id, b.seq)
  FROM blocks b WHERE b.id = c.block_id AND b.id <> blockline_block_id(b.session_id, b.seq);
UPDATE sessions s SET paused_block = blockline_block_id(b.session_id, b.seq)
  FROM blocks b WHERE b.id = s.paused_block AND b.id <> blockline_block_id(b.session_id, b.seq);

ALTER TABLE blocks DROP CONSTRAINT blocks_pkey;
UPDATE blocks SET id = blockline_block_id(session_id, seq) WHERE id <> blockline_block_id(session_id, seq);

ALTER TABLE blocks ADD PRIMARY KEY (id);
ALTER TABLE runs ADD PRIMARY KEY (block_id, id);
ALTER TABLE activity ADD PRIMARY KEY (block_id, id);
ALTER TABLE command_runs ADD PRIMARY KEY (block_id);
ALTER TABLE activity ADD FOREIGN KEY (block_id) REFERENCES blocks (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX blocks_legacy_token ON blocks (token) WHERE strpos(token, '.') = 0;

-- Ids are computed by the submit now, not drawn from a sequence.
ALTER TABLE blocks ALTER COLUMN id DROP DEFAULT;
DROP SEQUENCE blocks_id_seq;

-- The block a token names, or null. A derived token (b + the session token's 25 characters after
-- its kind letter + '.' + seq) is resolved through its session's token; any other through
-- blocks_legacy_token. Callers still compare the row's token with theirs.
CREATE FUNCTION blockline_block_id(block_token text) RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN $1 ~ '^b[0-9a-v]{9}[A-Za-z0-9_-]{16}\.(0|[1-9][0-9]{0,6})$' THEN
      (SELECT blockline_block_id(s.id, split_part($1, '.', 2)::int) FROM sessions s
       WHERE s.token = 's' || substr($1, 2, 25) AND split_part($1, '.', 2)::int < 1048576)
    ELSE
      (SELECT b.id FROM blocks b WHERE b.token = $1 AND strpos(b.token, '.') = 0)
  END
$$;
