package io.blockline.store;

import io.blockline.db.Transactions;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Deletes sessions with their blocks and runs, in one transaction: first the sessions (which
 * waits for, then excludes, any engine transaction holding them), then what no foreign key
 * removes for them ({@link SessionSql#DELETE_BLOCKS_OF}).
 */
public final class SessionRemoval {
  private SessionRemoval() {
  }

  /**
   * @param deleteSessions a DELETE on sessions that returns their {@code id}
   * @return how many sessions were deleted
   */
  public static Future<Integer> delete(Pool pool, String deleteSessions, Tuple params) {
    return Transactions.run(pool, tx -> tx.conn.preparedQuery(deleteSessions).execute(params).compose(rows -> {
      List<Long> ids = new ArrayList<>(rows.rowCount());
      for (Row row : rows) {
        ids.add(row.getLong("id"));
      }
      return ids.isEmpty() ? Future.succeededFuture(0)
          : tx.conn.preparedQuery(SessionSql.DELETE_BLOCKS_OF).execute(Tuple.of((Object) ids.toArray(Long[]::new)))
              .map(ids.size());
    }));
  }
}
