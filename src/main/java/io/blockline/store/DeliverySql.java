package io.blockline.store;

/** Every SQL statement on the deliveries outbox. Positional parameters are listed above each. */
public final class DeliverySql {
  private DeliverySql() {
  }

  /**
   * One delivery per callback target of each session that just came to rest, written in the
   * transaction that changed its state; the payload is the state as committed. $1 session ids.
   */
  public static final String ENQUEUE = """
      INSERT INTO deliveries (session_id, kind, target, payload)
      SELECT s.id, t.kind, t.target,
             jsonb_build_object(
               'sessionToken', s.token, 'status', s.status, 'output', s.output,
               'blocks', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', b.block_key, 'status', b.status,
                                                                      'result', b.result, 'error', b.error)
                                                   ORDER BY b.id), '[]'::jsonb)
                          FROM blocks b
                          WHERE b.id BETWEEN blockline_block_id(s.id, 0) AND blockline_block_id(s.id, 1048575)))
      FROM sessions s
      CROSS JOIN LATERAL (VALUES ('url', s.callback ->> 'url'), ('address', s.callback ->> 'address')) AS t(kind, target)
      WHERE s.id = ANY($1::bigint[]) AND t.target IS NOT NULL
      """;

  /**
   * Takes due deliveries for sending: their next attempt moves ahead by the lease, so another
   * node (or this one after a crash) retries them only if this send never reports back.
   * $1 limit, $2 lease ms.
   */
  public static final String CLAIM_DUE = """
      UPDATE deliveries d
      SET next_attempt_at = now() + $2 * interval '1 millisecond', attempts = d.attempts + 1
      WHERE d.id IN (SELECT id FROM deliveries WHERE status = 'PENDING' AND next_attempt_at <= now()
                     ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d.kind, d.target, d.payload, d.attempts
      """;

  /** $1 id. */
  public static final String DELIVERED = """
      UPDATE deliveries SET status = 'DELIVERED', delivered_at = now(), last_error = NULL
      WHERE id = $1 AND status = 'PENDING'
      """;

  /** A failed attempt: retried after the delay, or DEAD once older than the max age. $1 id, $2 delay ms,
   *  $3 error, $4 max age ms. */
  public static final String FAILED = """
      UPDATE deliveries
      SET next_attempt_at = now() + $2 * interval '1 millisecond', last_error = $3,
          status = CASE WHEN now() + $2 * interval '1 millisecond' - created_at > $4 * interval '1 millisecond'
                        THEN 'DEAD' ELSE 'PENDING' END
      WHERE id = $1 AND status = 'PENDING'
      """;

  /** The nearest pending attempt. */
  public static final String NEXT_DUE = """
      SELECT min(next_attempt_at) AS next_due, now() AS db_now FROM deliveries WHERE status = 'PENDING'
      """;

  /** $1 session token. */
  public static final String OF_SESSION = """
      SELECT d.id, d.kind, d.target, d.status, d.attempts, d.next_attempt_at, d.last_error, d.created_at,
             d.delivered_at, d.payload ->> 'status' AS session_status
      FROM deliveries d JOIN sessions s ON s.id = d.session_id
      WHERE s.token = $1 ORDER BY d.id
      """;

  /**
   * Acknowledges a session's unsettled deliveries: pending ones stop, dead ones leave the
   * operators' list as seen. $1 session token.
   */
  public static final String ACK = """
      UPDATE deliveries d SET status = 'ACKED'
      FROM sessions s WHERE s.id = d.session_id AND s.token = $1 AND d.status IN ('PENDING', 'DEAD')
      """;

  /**
   * Pending and dead deliveries of every session, newest first, through deliveries_unsettled (the
   * IN list matches its predicate, so even a generic plan may use it). $1 status or null for both,
   * $2 cursor (deliveries with a smaller id) or null, $3 limit, $4 the caller's owner scope or null.
   */
  public static final String UNSETTLED = """
      SELECT d.id, d.kind, d.target, d.status, d.attempts, d.next_attempt_at, d.last_error, d.created_at,
             d.delivered_at, d.payload ->> 'status' AS session_status, s.token AS session_token, s.name AS session_name
      FROM deliveries d JOIN sessions s ON s.id = d.session_id
      WHERE d.status IN ('PENDING', 'DEAD') AND ($1::text IS NULL OR d.status = $1)
        AND ($2::bigint IS NULL OR d.id < $2) AND ($4::text IS NULL OR s.owner = $4)
      ORDER BY d.id DESC
      LIMIT $3
      """;
}
