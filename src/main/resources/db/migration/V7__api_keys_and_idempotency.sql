-- V7: who may call (API keys, issue 19) and submits that are safe to retry (idempotency keys).

-- A key is shown once when created; only its SHA-256 is kept. The prefix names it in lists.
CREATE TABLE api_keys (
  id           bigserial   PRIMARY KEY,
  prefix       text        NOT NULL UNIQUE,
  hash         bytea       NOT NULL,
  owner        text        NOT NULL,
  scopes       text[]      NOT NULL,
  name         text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

-- One submit per owner and key for 24 hours: the same body gets the first submit's receipt back,
-- another body a 409. owner '' is the unscoped caller (authentication off, no owner).
CREATE TABLE idempotency_keys (
  owner      text        NOT NULL,
  key        text        NOT NULL,
  body_hash  bytea       NOT NULL,
  receipt    jsonb       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys USING brin (created_at);
