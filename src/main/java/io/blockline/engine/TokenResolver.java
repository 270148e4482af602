package io.blockline.engine;

import io.blockline.api.ProblemException;
import io.blockline.store.BlockStore;
import io.blockline.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.util.ArrayList;
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
    Future<Map<String, Long>> sessions = sessionTokens.isEmpty() ? Future.succeededFuture(Map.of())
        : SessionStore.idsByToken(pool, sessionTokens.toArray(String[]::new));
    Future<Map<String, BlockStore.BlockIds>> blocks = blockTokens.isEmpty() ? Future.succeededFuture(Map.of())
        : BlockStore.idsByToken(pool, blockTokens.toArray(String[]::new));
    return Future.all(sessions, blocks).map(all -> {
      List<Command> live = new ArrayList<>();
      for (Command c : commands) {
        if (c.sessionId == null) {
          String sessionToken = sessionToken(c);
          if (sessionToken != null) {
            c.sessionId = sessions.result().get(sessionToken);
          } else {
            BlockStore.BlockIds ids = blocks.result().get(blockToken(c));
            c.sessionId = ids == null ? null : ids.sessionId();
            c.blockId = ids == null ? null : ids.id();
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
