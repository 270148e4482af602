-- V1: the whole Blockline store. Sessions own ordered blocks; a block's runs and activity lines
-- are its history; deliveries are the outbox of completion notifications. The dispatcher's hot
-- queries (claim, nearest timer, expired leases) each have a partial index that only holds
-- the rows they look at, so they stay flat however many finished rows accumulate.

CREATE TABLE sessions (
  id             bigserial PRIMARY KEY,
  token          text        NOT NULL UNIQUE,
  name           text,
  owner          text,
  status         text        NOT NULL DEFAULT 'STANDBY'
                 CHECK (status IN ('PREP','STANDBY','RUNNING','PAUSED','SUCCESS','ERROR','BLOCKER','CANCELLED')),
  execution_time text        NOT NULL CHECK (execution_time IN ('NOW','ASAP','LATER','ON_REQUEST')),
  priority       int         NOT NULL DEFAULT 50 CHECK (priority BETWEEN 0 AND 100),
  mode           text        NOT NULL DEFAULT 'sequential' CHECK (mode IN ('sequential','parallel','pipeline')),
  max_parallel   int         CHECK (max_parallel >= 1),
  metadata       jsonb,
  callback       jsonb,
  output         jsonb,
  paused_block   bigint,                       -- the interrupting block the session waits on
  cancelled      boolean     NOT NULL DEFAULT false,
  -- How many of its blocks are in each state, kept by the transaction that moves them, so the
  -- status rules never count a large session's blocks. A claim (released STANDBY -> RUNNING) keeps
  -- them: running and released blocks are one "active" bucket, split by the running count.
  n_blocks       int         NOT NULL DEFAULT 0,
  n_success      int         NOT NULL DEFAULT 0,
  n_failed       int         NOT NULL DEFAULT 0,   -- ERROR BLOCKER TIMEOUT CANCELLED SKIPPED
  n_blocker      int         NOT NULL DEFAULT 0,
  n_prep         int         NOT NULL DEFAULT 0,
  n_waiting      int         NOT NULL DEFAULT 0,   -- STANDBY, not released
  created_at     timestamptz NOT NULL DEFAULT now(),
  started_at     timestamptz,                  -- null until the session may run
  finished_at    timestamptz
);
-- ASAP / LATER sessions waiting for their loop; ON_REQUEST ones for a run call.
CREATE INDEX sessions_not_started ON sessions (execution_time, id) WHERE started_at IS NULL AND NOT cancelled;
CREATE INDEX sessions_by_owner ON sessions (owner, id DESC);
CREATE INDEX sessions_by_status ON sessions (status, id DESC);
CREATE INDEX sessions_finished ON sessions (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE blocks (
  id            bigserial   PRIMARY KEY,
  token         text        NOT NULL UNIQUE,
  session_id    bigint      NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  seq           int         NOT NULL,          -- creation order in the session, from 0
  block_key     text        NOT NULL,          -- the caller's id
  name          text,
  handler       jsonb       NOT NULL,
  params        jsonb,
  dataset       jsonb,
  requires      text[]      NOT NULL DEFAULT '{}',
  blocker       boolean     NOT NULL DEFAULT false,
  replayable    boolean     NOT NULL DEFAULT false,
  retry         jsonb,
  delay_ms      bigint      NOT NULL DEFAULT 0 CHECK (delay_ms >= 0),
  priority      int         NOT NULL CHECK (priority BETWEEN 0 AND 100),
  timeout_ms    bigint      NOT NULL CHECK (timeout_ms > 0),
  interrupt     boolean     NOT NULL DEFAULT false,
  status        text        NOT NULL DEFAULT 'STANDBY'
                CHECK (status IN ('PREP','STANDBY','RUNNING','SUCCESS','ERROR','BLOCKER','TIMEOUT','CANCELLED','SKIPPED')),
  attempts      int         NOT NULL DEFAULT 0,   -- since the last replay; the retry budget counts these
  executions    int         NOT NULL DEFAULT 0,   -- every run ever started, replays included
  replay_count  int         NOT NULL DEFAULT 0,
  next_run_at   timestamptz,                   -- STANDBY: null = not released yet, else claimable from then
  lease_token   uuid,
  leased_by     text,
  lease_until   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  result        jsonb,
  error         jsonb,
  reason        text,
  UNIQUE (session_id, seq),
  CHECK (status <> 'RUNNING' OR (lease_token IS NOT NULL AND lease_until IS NOT NULL))
);
CREATE UNIQUE INDEX blocks_key_per_session ON blocks (session_id, lower(block_key));
-- The claim: released STANDBY blocks, higher priority first, then FIFO; next_run_at is carried in
-- the index so the due check needs no heap visit before LIMIT stops the scan.
CREATE INDEX blocks_claimable ON blocks (priority DESC, id) INCLUDE (next_run_at)
  WHERE status = 'STANDBY' AND next_run_at IS NOT NULL;
-- The nearest due time, to arm one timer for delays and retries. Its predicate names priority on
-- purpose: the claim's WHERE cannot imply it, so the planner can never pick this index for a claim
-- (it would sort every due row to find the first n; with a large backlog that is the slow plan).
CREATE INDEX blocks_due ON blocks (next_run_at) WHERE status = 'STANDBY' AND next_run_at IS NOT NULL AND priority >= 0;
-- The planner loads a session's first waiting blocks and its failed ones, never all of a large
-- session: these two partial indexes hold just those rows.
CREATE INDEX blocks_waiting ON blocks (session_id, seq) WHERE status = 'STANDBY' AND next_run_at IS NULL;
CREATE INDEX blocks_failed ON blocks (session_id)
  WHERE status IN ('PREP','ERROR','BLOCKER','TIMEOUT','CANCELLED','SKIPPED');
-- Running blocks per session, to split a session's active blocks into running and released.
CREATE INDEX blocks_running ON blocks (session_id) WHERE status = 'RUNNING';
-- The rescuer: running blocks by lease expiry.
CREATE INDEX blocks_leases ON blocks (lease_until) WHERE status = 'RUNNING';

-- Blocks churn (every block is written several times in its life): analyze and vacuum early so
-- the planner keeps choosing the partial indexes above.
ALTER TABLE blocks SET (autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE sessions SET (autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_scale_factor = 0.05);

CREATE TABLE runs (
  id          bigserial   PRIMARY KEY,
  block_id    bigint      NOT NULL REFERENCES blocks (id) ON DELETE CASCADE,
  attempt     int         NOT NULL,
  item        int,                              -- dataset index, null without a dataset
  started_at  timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  status      text        NOT NULL CHECK (status IN ('SUCCESS','ERROR','TIMEOUT','CANCELLED')),
  error       jsonb
);
CREATE INDEX runs_by_block ON runs (block_id, id);

CREATE TABLE activity (
  id       bigserial   PRIMARY KEY,
  block_id bigint      NOT NULL REFERENCES blocks (id) ON DELETE CASCADE,
  at       timestamptz NOT NULL DEFAULT now(),
  level    text        NOT NULL CHECK (level IN ('STARTING','DEBUG','NOTICE','WARNING','ERROR','ENDING')),
  line     text        NOT NULL
);
CREATE INDEX activity_by_block ON activity (block_id, id);

CREATE TABLE deliveries (
  id              bigserial   PRIMARY KEY,
  session_id      bigint      NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  kind            text        NOT NULL CHECK (kind IN ('url','address')),
  target          text        NOT NULL,
  payload         jsonb       NOT NULL,
  status          text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','DELIVERED','DEAD','ACKED')),
  attempts        int         NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX deliveries_by_session ON deliveries (session_id, id);
