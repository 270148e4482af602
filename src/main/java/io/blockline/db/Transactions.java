package io.blockline.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.function.Function;

/**
 * Transactions of the hot path, with fewer round trips than {@code Pool.withTransaction}: BEGIN
 * travels with the first statements, and the work may send COMMIT right behind its last writes
 * ({@link Tx#commit}) instead of waiting for their answers first. A work that does so must make
 * every reason to abandon the transaction an error of one of those statements (PostgreSQL then
 * turns the COMMIT into a rollback). Otherwise it commits when the work's future succeeds; it rolls
 * back when it fails, unless a sent COMMIT already ended the transaction; the connection goes
 * back to the pool in every case.
 */
public final class Transactions {
  private Transactions() {
  }

  /** The connection of one transaction. */
  public static final class Tx {
    public final SqlConnection conn;
    /** The pipelined COMMIT, once sent. */
    private Future<Void> commitSent;

    private Tx(SqlConnection conn) {
      this.conn = conn;
    }

    /** Sends COMMIT now, behind the statements already sent; completes when it is done. */
    public Future<Void> commit() {
      commitSent = conn.query("COMMIT").execute().mapEmpty();
      return commitSent;
    }
  }

  public static <T> Future<T> run(Pool pool, Function<Tx, Future<T>> work) {
    return run(pool, "BEGIN", work);
  }

  /**
   * @param opening what starts the transaction: BEGIN, possibly followed by settings in the same
   *                message, e.g. {@code BEGIN; SET LOCAL …}
   */
  public static <T> Future<T> run(Pool pool, String opening, Function<Tx, Future<T>> work) {
    return pool.getConnection().compose(conn -> {
      Tx tx = new Tx(conn);
      Future<?> begin = conn.query(opening).execute();
      Future<T> done;
      try {
        done = work.apply(tx);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      Future<T> result = done;
      return Future.all(begin, result)
          .transform(ar -> {
            if (ar.succeeded()) {
              return tx.commitSent != null ? Future.succeededFuture(result.result())
                  : conn.query("COMMIT").execute().map(v -> result.result());
            }
            if (tx.commitSent != null) {
              // The sent COMMIT ends the transaction whatever happened (after an error PostgreSQL
              // rolls back): a ROLLBACK behind it would only draw a warning. Wait for it instead.
              return tx.commitSent.<T>transform(v -> Future.failedFuture(ar.cause()));
            }
            return conn.query("ROLLBACK").execute().<T>transform(v -> Future.failedFuture(ar.cause()));
          })
          .onComplete(ar -> conn.close());
    });
  }
}
