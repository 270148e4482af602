package io.blockline.store;

import io.vertx.pgclient.PgException;

/**
 * A row changed between load and write (a claim raced a replay or cancel, or another node moved
 * a session past this node's snapshot); the engine retries the batch. Stores raise it for
 * serialization_failure (40001), which {@code blockline_expect_rows} raises in the guarded writes.
 */
public final class ConcurrentChange extends RuntimeException {
  public ConcurrentChange(String detail) {
    super(detail, null, false, false);
  }

  static boolean isSerializationFailure(Throwable e) {
    return e instanceof PgException pg && "40001".equals(pg.getSqlState());
  }
}
