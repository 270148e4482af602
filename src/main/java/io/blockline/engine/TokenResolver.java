package io.blockline.engine;

import io.blockline.api.ProblemException;
import io.blockline.store.BlockSql;
import io.blockline.store.SessionSql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the tokens callers use into the ids the engine locks, outside the transaction (ids never
 * change). A command whose token names nothing fails with 404 and leaves its batch.
 */
final class TokenResolver {
  private final Pool pool;

  TokenResolver(Pool pool) {
    this.pool = pool;
  }

  /** @return the commands that resolved */
  Future<List<Command>> resolve(List<? extends Command> commands) {
    List<String> sessionTokens = new ArrayList<>();
    List<String> blockTokens = new ArrayList<>();
    for (Command c : commands) {
      if (c.sessionId == null && sessionToken(c) != null) {
        sessionTokens.add(sessionToken(c));
      } else if (c.sessionId == null && blockToken(c) != null) {
        blockTokens.add(blockToken(c));
      }
    }
    Future<Map<String, Row>> sessions = sessionTokens.isEmpty() ? Future.succeededFuture(Map.of())
        : pool.preparedQuery(SessionSql.IDS_BY_TOKEN).execute(Tuple.of(sessionTokens.toArray(String[]::new)))
            .map(TokenResolver::byToken);
    Future<Map<String, Row>> blocks = blockTokens.isEmpty() ? Future.succeededFuture(Map.of())
        : pool.preparedQuery(BlockSql.SESSION_IDS_BY_TOKEN).execute(Tuple.of(blockTokens.toArray(String[]::new)))
            .map(TokenResolver::byToken);
    return Future.all(sessions, blocks).map(all -> {
      List<Command> live = new ArrayList<>();
      for (Command c : commands) {
        if (c.sessionId == null) {
          String sessionToken = sessionToken(c);
          if (sessionToken != null) {
            Row row = sessions.result().get(sessionToken);
            c.sessionId = row == null ? null : row.getLong("id");
          } else {
            Row row = blocks.result().get(blockToken(c));
            c.sessionId = row == null ? null : row.getLong("session_id");
            c.blockId = row == null ? null : row.getLong("id");
          }
        }
        if (c.sessionId == null) {
          c.promise().tryFail(ProblemException.notFound(sessionToken(c) != null
              ? "session " + sessionToken(c) : "block " + blockToken(c)));
        } else {
          live.add(c);
        }
      }
      return live;
    });
  }

  private static Map<String, Row> byToken(Iterable<Row> rows) {
    Map<String, Row> map = new HashMap<>();
    rows.forEach(r -> map.put(r.getString("token"), r));
    return map;
  }

  static String sessionToken(Command c) {
    if (c instanceof Command.Start s) return s.sessionToken;
    if (c instanceof Command.CancelSession s) return s.sessionToken;
    if (c instanceof Command.Proceed p) return p.sessionToken;
    return null;
  }

  static String blockToken(Command c) {
    if (c instanceof Command.CancelBlock b) return b.blockToken;
    if (c instanceof Command.Replay r) return r.blockToken;
    return null;
  }
}
