-- V14: a started session is claimed by ranges, not block by block (issue 15: the drain of a
-- large queue).
--
-- Starting a plain parallel session used to release each of its blocks (a row write), the claim
-- then wrote each to RUNNING (another), and the completion wrote it once more; each write a new
-- row version with its index entries. Measured on a copy of the schema (docs/benchmarks.md,
-- "What D would take"), claiming a session's blocks as ranges and writing a block only at its
-- completion costs a third of the database time per block.
--
-- * session_lanes: one row per started session whose blocks are handed out by range (see
--   BlockSql.START_WAITING for which ones): the next seq to hand out, the last, its blocks'
--   priority and the fair key of its first block (its blocks' keys follow their seqs, so the next
--   block's key is first_key + next_seq). A claim takes lanes in claim order with the single
--   released blocks of blocks_claimable, and moves the lane on, an update of next_seq alone: the
--   index keys stay, so it is a HOT update and leaves no dead entry at the head of the lanes'
--   index for the next claim to step over. The last range deletes the lane.
-- * range_leases: one row per range a claim took (the claim's salt, the node, the lease's end).
--   A block of a live range whose row is still the submit's (STANDBY, not released, never run)
--   is running: the reads derive its status (BlockSql.RANGE_HELD). Its completion writes the
--   row once, fenced by the range's row under the same salt. A range whose lease ends before
--   its blocks finished is turned into running rows one by one (BlockSql.MATERIALIZE_EXPIRED_RANGES)
--   and rescued as any running block; a settled range is deleted by its node.
--
-- No foreign keys to sessions (as blocks, V3): a claim's insert would take a key-share lock on
-- the session row, which waits for every engine transaction holding it. Deleting a session
-- deletes its lanes and ranges (SessionSql.DELETE_BLOCKS_OF).
CREATE TABLE session_lanes (
  session_id bigint PRIMARY KEY,
  priority   int    NOT NULL,
  first_key  bigint NOT NULL,
  next_seq   int    NOT NULL,
  last_seq   int    NOT NULL
) WITH (fillfactor = 50);
-- The claim order of blocks_claimable: higher priority first, then the fair key (a lane's place
-- is its first block's key: lanes started earlier go first, their blocks interleaved with the
-- released ones by the next block's key).
CREATE INDEX session_lanes_claim ON session_lanes ((-priority), first_key, session_id);

CREATE TABLE range_leases (
  session_id  bigint      NOT NULL,
  first_seq   int         NOT NULL,
  last_seq    int         NOT NULL,
  salt        bigint      NOT NULL,
  leased_by   text        NOT NULL,
  lease_until timestamptz NOT NULL,
  claimed_at  timestamptz NOT NULL,
  PRIMARY KEY (session_id, first_seq)
);
CREATE INDEX range_leases_until ON range_leases (lease_until);
