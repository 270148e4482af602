package io.blockline.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.function.Function;

/**
 * A transaction whose BEGIN travels with its first statements: {@code Pool.withTransaction} waits
 * for BEGIN's answer before it runs the work, one round trip more for every transaction of the
 * hot path. Commits when the work's future succeeds, rolls back otherwise, and gives the
 * connection back in either case.
 */
public final class Transactions {
  private Transactions() {
  }

  public static <T> Future<T> run(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.getConnection().compose(conn -> {
      Future<?> begin = conn.query("BEGIN").execute();
      Future<T> done;
      try {
        done = work.apply(conn);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      Future<T> result = done;
      return Future.all(begin, result)
          .transform(ar -> ar.succeeded()
              ? conn.query("COMMIT").execute().map(v -> result.result())
              : conn.query("ROLLBACK").execute().<T>transform(v -> Future.failedFuture(ar.cause())))
          .onComplete(ar -> conn.close());
    });
  }
}
