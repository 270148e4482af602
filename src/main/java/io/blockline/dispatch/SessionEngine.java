package io.blockline.dispatch;

import io.blockline.api.ProblemException;
import io.blockline.block.BlockSql;
import io.blockline.block.BlockStatus;
import io.blockline.delivery.DeliverySql;
import io.blockline.session.SessionSql;
import io.blockline.worker.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Applies a batch of {@link Command}s in one transaction: lock the sessions, load their blocks,
 * apply each command, let {@link SessionPlanner} decide what follows, write only what changed
 * (a few set-based statements whatever the batch size), then hand the {@link Effects} on.
 */
public final class SessionEngine {
  private static final Logger LOG = LoggerFactory.getLogger(SessionEngine.class);
  private static final int MAX_TRIES = 5;

  private final Pool pool;
  private final RetryPolicy defaultRetry;
  private final Consumer<Effects> afterCommit;

  public SessionEngine(Pool pool, RetryPolicy defaultRetry, Consumer<Effects> afterCommit) {
    this.pool = pool;
    this.defaultRetry = defaultRetry;
    this.afterCommit = afterCommit;
  }

  public Future<Void> execute(List<? extends Command> commands) {
    return resolveTokens(commands)
        .compose(live -> live.isEmpty() ? Future.succeededFuture() : attempt(live, 1));
  }

  private Future<Void> attempt(List<Command> commands, int tryNumber) {
    Map<Command, ProblemException> rejected = new IdentityHashMap<>();
    Effects effects = new Effects();
    return pool.withTransaction(conn -> apply(conn, commands, rejected, effects))
        .onSuccess(v -> {
          for (Command command : commands) {
            ProblemException problem = rejected.get(command);
            if (problem != null) {
              command.promise().tryFail(problem);
            } else {
              command.promise().tryComplete();
            }
          }
          afterCommit.accept(effects);
        })
        .recover(e -> {
          if (e instanceof ConcurrentChange && tryNumber < MAX_TRIES) {
            return attempt(commands, tryNumber + 1);
          }
          LOG.error("state change failed commands={} try={}: {}", commands.size(), tryNumber, e.toString());
          commands.forEach(c -> c.promise().tryFail(e));
          return Future.failedFuture(e);
        });
  }

  // ---- token resolution (outside the transaction: ids never change) ----

  private Future<List<Command>> resolveTokens(List<? extends Command> commands) {
    List<String> sessionTokens = new ArrayList<>();
    List<String> blockTokens = new ArrayList<>();
    for (Command c : commands) {
      if (c.sessionId == null) {
        String token = sessionToken(c);
        if (token != null) {
          sessionTokens.add(token);
        } else {
          blockTokens.add(blockToken(c));
        }
      }
    }
    Future<Map<String, Long>> sessions = sessionTokens.isEmpty() ? Future.succeededFuture(Map.of())
        : pool.preparedQuery(SessionSql.IDS_BY_TOKEN).execute(Tuple.of(sessionTokens.toArray(String[]::new)))
            .map(rows -> toMap(rows, r -> r.getString("token"), r -> r.getLong("id")));
    Future<Map<String, Long>> blocks = blockTokens.isEmpty() ? Future.succeededFuture(Map.of())
        : pool.preparedQuery(BlockSql.SESSION_IDS_BY_TOKEN).execute(Tuple.of(blockTokens.toArray(String[]::new)))
            .map(rows -> toMap(rows, r -> r.getString("token"), r -> r.getLong("session_id")));
    return Future.all(sessions, blocks).map(all -> {
      List<Command> live = new ArrayList<>();
      for (Command c : commands) {
        if (c.sessionId == null) {
          String sessionToken = sessionToken(c);
          c.sessionId = sessionToken != null ? sessions.result().get(sessionToken) : blocks.result().get(blockToken(c));
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

  private static String sessionToken(Command c) {
    if (c instanceof Command.Start s) return s.sessionToken;
    if (c instanceof Command.CancelSession s) return s.sessionToken;
    if (c instanceof Command.Proceed p) return p.sessionToken;
    return null;
  }

  private static String blockToken(Command c) {
    if (c instanceof Command.CancelBlock b) return b.blockToken;
    if (c instanceof Command.Replay r) return r.blockToken;
    return null;
  }

  private static <K, V> Map<K, V> toMap(Iterable<Row> rows, java.util.function.Function<Row, K> key,
                                        java.util.function.Function<Row, V> value) {
    Map<K, V> map = new HashMap<>();
    rows.forEach(r -> map.put(key.apply(r), value.apply(r)));
    return map;
  }

  // ---- the transaction ----

  private Future<Void> apply(SqlConnection conn, List<Command> commands, Map<Command, ProblemException> rejected,
                             Effects effects) {
    Long[] ids = commands.stream().map(c -> c.sessionId).distinct().sorted().toArray(Long[]::new);
    Batch batch = new Batch();
    return conn.preparedQuery(SessionSql.LOCK).execute(Tuple.of(ids))
        .compose(rows -> {
          rows.forEach(r -> batch.sessions.put(r.getLong("id"), SessionRow.from(r)));
          return conn.preparedQuery(BlockSql.LOAD_FOR_PLANNING).execute(Tuple.of(ids));
        })
        .compose(rows -> {
          rows.forEach(r -> batch.add(BlockRow.from(r)));
          for (Command command : commands) {
            ProblemException problem = applyOne(command, batch, effects);
            if (problem != null) {
              rejected.put(command, problem);
            }
          }
          batch.sessions.values().forEach(s -> s.status(SessionPlanner.plan(s, batch.blocksOf(s.id))));
          return write(conn, batch, effects);
        });
  }

  /** @return the problem that rejects this command, or null when it applied */
  private ProblemException applyOne(Command command, Batch batch, Effects effects) {
    SessionRow session = batch.sessions.get(command.sessionId);
    if (session == null || (command.owner != null && !command.owner.equals(session.owner))) {
      return command instanceof Command.Complete ? null : ProblemException.notFound("session");
    }
    if (command instanceof Command.Complete c) {
      complete(c, session, batch, effects);
      return null;
    }
    if (command instanceof Command.Start) {
      if (session.cancelled()) return ProblemException.conflict("session is CANCELLED");
      if (session.started()) return ProblemException.conflict("session has already started (status " + session.status() + ")");
      session.start();
      return null;
    }
    if (command instanceof Command.CancelSession) {
      if (session.cancelled() || session.status() == io.blockline.session.SessionStatus.SUCCESS
          || session.status() == io.blockline.session.SessionStatus.ERROR) {
        return ProblemException.conflict("session is already " + session.status());
      }
      session.cancel();
      for (BlockRow block : batch.blocksOf(session.id)) {
        if (!block.status().terminal() || block.status() == BlockStatus.PREP) {
          stopIfRunning(block, effects);
          block.cancel("session cancelled");
        }
      }
      return null;
    }
    if (command instanceof Command.CancelBlock c) {
      BlockRow block = batch.byToken.get(c.blockToken);
      if (block.status().terminal()) return ProblemException.conflict("block is already " + block.status());
      stopIfRunning(block, effects);
      block.cancel("cancelled by caller");
      return null;
    }
    if (command instanceof Command.Replay r) {
      BlockRow block = batch.byToken.get(r.blockToken);
      if (session.cancelled()) return ProblemException.conflict("session is CANCELLED");
      if (!block.status().replayable()) {
        return ProblemException.conflict("block is " + block.status() + "; only a block that did not succeed and is not running can be replayed");
      }
      block.replay();
      return null;
    }
    if (command instanceof Command.Proceed p) {
      if (!session.paused()) return ProblemException.conflict("session is not PAUSED (status " + session.status() + ")");
      batch.merges.add(Tuple.of(session.pausedBlock(), p.data.encode()));
      session.proceed();
      return null;
    }
    throw new IllegalStateException("unknown command " + command);
  }

  private void complete(Command.Complete c, SessionRow session, Batch batch, Effects effects) {
    BlockRow block = batch.byId.get(c.blockId);
    if (block == null || block.status() != BlockStatus.RUNNING || !Objects.equals(block.leaseToken, c.leaseToken)) {
      effects.lostLeases++;
      return;
    }
    RetryPolicy policy = defaultRetry.with(block.retry);
    Transition.Decision decision = Transition.decide(block.attempts(), block.replayable, block.blocker, c.outcome, policy);
    block.apply(decision);
    if (decision.status().failed() && c.reasonIfFinal != null) {
      block.reason(c.reasonIfFinal);
    }
    if (decision.retryDelayMs() != null) {
      effects.nearestRetryMs = Math.min(effects.nearestRetryMs, decision.retryDelayMs());
    }
    if (decision.status() == BlockStatus.SUCCESS && block.interrupt && !session.cancelled()) {
      session.pauseOn(block.id);
    }
    for (Command.RunRecord run : c.runs) {
      batch.runs.add(new Object[] {block.id, c.attempt, run.item(), time(run.startedAtMs()), time(run.finishedAtMs()),
          run.status(), run.error() == null ? null : run.error().encode()});
    }
  }

  private static void stopIfRunning(BlockRow block, Effects effects) {
    if (block.status() == BlockStatus.RUNNING) {
      effects.stopRuns.add(block.token);
    }
  }

  private Future<Void> write(SqlConnection conn, Batch batch, Effects effects) {
    List<BlockRow> dirty = batch.byId.values().stream().filter(BlockRow::dirty).toList();
    Future<Void> chain = dirty.isEmpty() ? Future.succeededFuture() : writeBlocks(conn, dirty);
    for (Tuple merge : batch.merges) {
      chain = chain.compose(v -> conn.preparedQuery(BlockSql.MERGE_RESULT).execute(merge).mapEmpty());
    }
    if (!batch.runs.isEmpty()) {
      chain = chain.compose(v -> writeRuns(conn, batch.runs));
    }
    List<SessionRow> sessions = batch.sessions.values().stream().filter(SessionRow::dirty).toList();
    if (!sessions.isEmpty()) {
      chain = chain.compose(v -> writeSessions(conn, sessions));
    }
    // The outbox row commits with the state it reports, or not at all.
    Long[] notify = batch.sessions.values().stream()
        .filter(s -> s.hasCallback && s.status() != s.loadedStatus && s.status().resting())
        .map(s -> s.id).toArray(Long[]::new);
    if (notify.length > 0) {
      effects.deliveriesEnqueued = true;
      chain = chain.compose(v -> conn.preparedQuery(DeliverySql.ENQUEUE).execute(Tuple.of((Object) notify)).mapEmpty());
    }
    return chain.onSuccess(v -> collectEffects(batch, dirty, effects));
  }

  private Future<Void> writeBlocks(SqlConnection conn, List<BlockRow> dirty) {
    int n = dirty.size();
    Long[] ids = new Long[n];
    String[] expected = new String[n], statuses = new String[n], due = new String[n], reasons = new String[n];
    String[] results = new String[n], errors = new String[n];
    Long[] dueMs = new Long[n];
    Integer[] attempts = new Integer[n], replays = new Integer[n];
    Boolean[] resultChanged = new Boolean[n], errorChanged = new Boolean[n];
    for (int i = 0; i < n; i++) {
      BlockRow b = dirty.get(i);
      ids[i] = b.id;
      expected[i] = b.loadedStatus.name();
      statuses[i] = b.status().name();
      due[i] = b.due().name();
      dueMs[i] = b.dueDelayMs();
      attempts[i] = b.attempts();
      replays[i] = b.replayCount();
      reasons[i] = b.reason();
      resultChanged[i] = b.resultChanged();
      results[i] = b.result() == null ? null : b.result().encode();
      errorChanged[i] = b.errorChanged();
      errors[i] = b.error() == null ? null : b.error().encode();
    }
    Tuple params = Tuple.tuple(List.of(ids, expected, statuses, due, dueMs, attempts, replays, reasons,
        resultChanged, results, errorChanged, errors));
    return conn.preparedQuery(BlockSql.UPDATE_MANY).execute(params).compose(result -> {
      if (result.rowCount() != n) {
        return Future.failedFuture(new ConcurrentChange(n, result.rowCount()));
      }
      return Future.succeededFuture();
    });
  }

  private Future<Void> writeRuns(SqlConnection conn, List<Object[]> runs) {
    int n = runs.size();
    Long[] blockIds = new Long[n];
    Integer[] attempts = new Integer[n], items = new Integer[n];
    OffsetDateTime[] started = new OffsetDateTime[n], finished = new OffsetDateTime[n];
    String[] statuses = new String[n], errors = new String[n];
    for (int i = 0; i < n; i++) {
      Object[] r = runs.get(i);
      blockIds[i] = (Long) r[0];
      attempts[i] = (Integer) r[1];
      items[i] = (Integer) r[2];
      started[i] = (OffsetDateTime) r[3];
      finished[i] = (OffsetDateTime) r[4];
      statuses[i] = (String) r[5];
      errors[i] = (String) r[6];
    }
    return conn.preparedQuery(BlockSql.INSERT_RUNS)
        .execute(Tuple.tuple(List.of(blockIds, attempts, items, started, finished, statuses, errors))).mapEmpty();
  }

  private Future<Void> writeSessions(SqlConnection conn, List<SessionRow> sessions) {
    int n = sessions.size();
    Long[] ids = new Long[n], paused = new Long[n];
    String[] statuses = new String[n];
    Boolean[] start = new Boolean[n], cancelled = new Boolean[n];
    for (int i = 0; i < n; i++) {
      SessionRow s = sessions.get(i);
      ids[i] = s.id;
      statuses[i] = s.status().name();
      start[i] = s.startRequested();
      cancelled[i] = s.cancelled();
      paused[i] = s.pausedBlock() == null ? 0L : s.pausedBlock();
    }
    return conn.preparedQuery(SessionSql.UPDATE_MANY)
        .execute(Tuple.tuple(List.of(ids, statuses, start, cancelled, paused))).mapEmpty();
  }

  private static void collectEffects(Batch batch, List<BlockRow> dirty, Effects effects) {
    for (BlockRow b : dirty) {
      SessionRow s = batch.sessions.get(b.sessionId);
      if (b.status() != b.loadedStatus) {
        effects.events.add(Events.blockStatus(s.token, b.token, b.key, b.status().name()));
      }
      if (b.released() && b.status() == BlockStatus.STANDBY) {
        effects.released = true;
        if (b.due() == BlockRow.Due.RELEASE && b.delayMs > 0) {
          effects.delayedRelease = true;
        }
      }
    }
    for (SessionRow s : batch.sessions.values()) {
      if (s.status() != s.loadedStatus) {
        effects.events.add(Events.sessionStatus(s.token, s.status().name()));
        if (s.status().resting()) {
          effects.restingSessions.add(s.id);
        }
      }
    }
  }

  private static OffsetDateTime time(long epochMs) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }

  /** The rows one transaction works on. */
  private static final class Batch {
    final Map<Long, SessionRow> sessions = new LinkedHashMap<>();
    final Map<Long, List<BlockRow>> bySession = new HashMap<>();
    final Map<Long, BlockRow> byId = new LinkedHashMap<>();
    final Map<String, BlockRow> byToken = new HashMap<>();
    final List<Tuple> merges = new ArrayList<>();
    final List<Object[]> runs = new ArrayList<>();

    void add(BlockRow block) {
      bySession.computeIfAbsent(block.sessionId, k -> new ArrayList<>()).add(block);
      byId.put(block.id, block);
      byToken.put(block.token, block);
    }

    List<BlockRow> blocksOf(long sessionId) {
      return bySession.getOrDefault(sessionId, List.of());
    }
  }
}
