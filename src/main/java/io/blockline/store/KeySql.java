package io.blockline.store;

/** Every SQL statement on API keys and idempotency keys. Positional parameters are listed above each. */
public final class KeySql {
  private KeySql() {
  }

  /** $1 prefix, $2 hash, $3 owner, $4 scopes, $5 name. */
  public static final String INSERT = """
      INSERT INTO api_keys (prefix, hash, owner, scopes, name) VALUES ($1, $2, $3, $4::text[], $5)
      RETURNING created_at
      """;

  /**
   * The key of this prefix if it is not revoked, marking it used: one statement for both, run
   * when a node's cache of the key is empty or stale (so at most once per node and cache period).
   * $1 prefix.
   */
  public static final String USE = """
      UPDATE api_keys SET last_used_at = now() WHERE prefix = $1 AND revoked_at IS NULL
      RETURNING hash, owner, scopes
      """;

  /** Newest first; $1 owner or null for every owner. */
  public static final String LIST = """
      SELECT prefix, owner, scopes, name, created_at, last_used_at, revoked_at FROM api_keys
      WHERE $1::text IS NULL OR owner = $1 ORDER BY id DESC LIMIT 1000
      """;

  /** $1 prefix. Returns the row when it was active. */
  public static final String REVOKE = """
      UPDATE api_keys SET revoked_at = now() WHERE prefix = $1 AND revoked_at IS NULL RETURNING prefix
      """;

  public static final String ANY_ACTIVE_ADMIN = """
      SELECT EXISTS (SELECT 1 FROM api_keys WHERE revoked_at IS NULL AND 'admin' = ANY(scopes)) AS found
      """;

  /**
   * Takes an idempotency key for a submit, or finds who has it: the row comes back either way,
   * {@code taken} true when this statement wrote it. A row older than 24 hours is taken over. A
   * concurrent submit with the same key waits here for the first one's transaction to end.
   * $1 owner, $2 key, $3 body hash, $4 receipt.
   */
  public static final String TAKE_IDEMPOTENCY_KEY = """
      INSERT INTO idempotency_keys AS k (owner, key, body_hash, receipt) VALUES ($1, $2, $3, $4::text::jsonb)
      ON CONFLICT (owner, key) DO UPDATE SET body_hash = EXCLUDED.body_hash, receipt = EXCLUDED.receipt,
                                             created_at = now()
        WHERE k.created_at < now() - interval '24 hours'
      RETURNING true AS taken
      """;

  /** $1 owner, $2 key. */
  public static final String FIND_IDEMPOTENCY_KEY = """
      SELECT body_hash, receipt FROM idempotency_keys WHERE owner = $1 AND key = $2
      """;

  /** Idempotency keys past their 24 hours. $1 limit. */
  public static final String PRUNE_IDEMPOTENCY_KEYS = """
      DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
        SELECT ctid FROM idempotency_keys WHERE created_at < now() - interval '24 hours' LIMIT $1))
      """;
}
