-- V9: fair share between owners (issue 19). Claims order by priority, then by a fair key given at
-- submit instead of the insertion order: each owner has a lane, and a submit's blocks are keyed
-- from max(the key at the head of the queue, the owner's last key) upwards. One owner's 100,000
-- queued blocks then sit ahead of another owner's new block only by what is already at the head
-- (start-time fair queuing, every block weighing one). Rows from before V9 keep 0: they go first.
ALTER TABLE blocks ADD COLUMN fair_key bigint NOT NULL DEFAULT 0;

DROP INDEX blocks_claimable;
CREATE INDEX blocks_claimable ON blocks (priority DESC, fair_key, id) INCLUDE (next_run_at)
  WHERE status = 'STANDBY' AND next_run_at IS NOT NULL;

-- The last fair key given to each owner's blocks ('' for sessions without an owner). One row per
-- owner, written once per group commit that holds its sessions.
CREATE TABLE owner_lanes (
  owner    text   PRIMARY KEY,
  last_key bigint NOT NULL
);
