-- V8: command blocks (issue 16). A command block's operating-system process runs detached, so it
-- outlives the node that started it: this row is what a node restarted (or started in its place
-- on the same host) needs to find the process again, tell it from a later process that reused its
-- pid, and finish the block from its exit marker. Written once per process, before the process
-- may start its command, marked ended once it is gone, deleted with its block
-- (SessionSql.DELETE_BLOCKS_OF). No foreign key, as for runs (V3): the writer checks the block,
-- under the lease, in the same statement.
CREATE TABLE command_runs (
  block_id    bigint      PRIMARY KEY,   -- one row per block: its latest process (a retry replaces it)
  lease_token uuid        NOT NULL,      -- the claim it was started under; another claim's run is another process
  host        text        NOT NULL,      -- the host whose /proc can see the process
  boot_id     text        NOT NULL,      -- the host's boot: after a reboot its pids name other processes
  run_dir     text        NOT NULL,      -- output files and exit marker
  pid         int         NOT NULL,      -- the wrapper: leader of the process's group and session
  start_ticks bigint      NOT NULL,      -- /proc/<pid>/stat field 22, the pid's start time in clock ticks since boot
  started_at  timestamptz NOT NULL,
  ended_at    timestamptz            -- set once the process is known gone; null: it may still run
);
-- Processes that may still run although their block moved on (a node died between a cancel and
-- the kill): the rescuer looks for them among these few rows and kills them.
CREATE INDEX command_runs_unended ON command_runs (block_id) WHERE ended_at IS NULL;
