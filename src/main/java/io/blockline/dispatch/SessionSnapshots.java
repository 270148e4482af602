package io.blockline.dispatch;

import io.blockline.block.BlockSql;
import io.blockline.block.BlockStatus;
import io.blockline.session.SessionMode;
import io.blockline.session.SessionSql;
import io.blockline.session.SessionStatus;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The sessions this node's engine just wrote whose next change it can foresee, as the engine's
 * load would read them now. A sequential or pipeline session whose only active blocks the
 * transaction claimed directly changes next when this node's worker completes one of them; the
 * transaction that wrote it reads it back before its COMMIT (same round trip) and keeps it here.
 * That completion then plans from the snapshot and skips the load's round trip: it locks the
 * session only if its version is still the snapshot's ({@link SessionSql#LOCK_UNCHANGED}, sent
 * first, ahead of the writes) and is otherwise rolled back and retried the normal way.
 *
 * <p>Why a matching version is enough: every engine transaction that changes a session or its
 * blocks moves the version, claims touch only released blocks (such a session has none), and
 * lease renewals change no column the planner reads. Used from the engine's context only.
 */
final class SessionSnapshots {
  private final Map<Long, Snapshot> bySession;
  private long current;
  private long stale;

  /** One session as {@link PlanningBatch#load} would read it: its row, its running count, its blocks. */
  record Snapshot(Row session, int running, List<Row> blocks) {
    long id() {
      return session.getLong("id");
    }

    long version() {
      return session.getLong("version");
    }

    boolean holdsRunning(long blockId, UUID lease) {
      for (Row b : blocks) {
        if (b.getLong("id") == blockId) {
          return BlockStatus.RUNNING.name().equals(b.getString("status")) && lease != null
              && lease.equals(b.getUUID("lease_token"));
        }
      }
      return false;
    }
  }

  SessionSnapshots(int capacity) {
    this.bySession = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Snapshot> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * @return the snapshots these commands can start from (session id order), or null unless each
   * command completes a block its session's snapshot shows running under that very lease
   */
  List<Snapshot> covering(List<Command> commands) {
    Map<Long, Snapshot> found = new TreeMap<>();
    for (Command command : commands) {
      if (!(command instanceof Command.Complete complete)) {
        return null;
      }
      Snapshot snapshot = bySession.get(command.sessionId);
      if (snapshot == null || !snapshot.holdsRunning(command.blockId, complete.leaseToken)) {
        return null;
      }
      found.put(command.sessionId, snapshot);
    }
    return found.isEmpty() ? null : new ArrayList<>(found.values());
  }

  /** After a commit: the sessions it read back replace their snapshots, the others it wrote lose theirs. */
  void keep(Collection<Long> written, Map<Long, Snapshot> readBack) {
    for (Long id : written) {
      Snapshot snapshot = readBack.get(id);
      if (snapshot == null) {
        bySession.remove(id);
      } else {
        bySession.put(id, snapshot);
      }
    }
  }

  void forget(Collection<Long> sessionIds) {
    sessionIds.forEach(bySession::remove);
  }

  int size() {
    return bySession.size();
  }

  /** Transactions that started from a snapshot and found it current. */
  long current() {
    return current;
  }

  /** Transactions that started from a snapshot and found the session changed (then retried the normal way). */
  long stale() {
    return stale;
  }

  void counted(boolean wasCurrent) {
    if (wasCurrent) {
      current++;
    } else {
      stale++;
    }
  }

  /**
   * Locks the snapshots' sessions, in the transaction's first statement, if they are unchanged;
   * fails with {@link ConcurrentChange} (and so rolls the transaction back) otherwise.
   */
  static Future<Void> lockUnchanged(SqlConnection conn, List<Snapshot> snapshots) {
    Long[] ids = new Long[snapshots.size()];
    Long[] versions = new Long[snapshots.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = snapshots.get(i).id();
      versions[i] = snapshots.get(i).version();
    }
    return conn.preparedQuery(SessionSql.LOCK_UNCHANGED).execute(Tuple.tuple(List.of(ids, versions))).<Void>mapEmpty()
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "40001".equals(pg.getSqlState())
            ? new ConcurrentChange("session changed since this node's snapshot of it") : e));
  }

  /**
   * Reads back, inside the transaction and behind its writes, the sessions worth a snapshot, as
   * the load would (the blocks claimed directly are its targets).
   */
  static Future<Map<Long, Snapshot>> readBack(SqlConnection conn, PlanningBatch batch) {
    List<Long> ids = new ArrayList<>();
    List<Long> claimed = new ArrayList<>();
    // Such a session's running blocks are exactly those claimed here: no need to count them.
    Map<Long, Integer> runningNow = new HashMap<>();
    for (SessionRow s : batch.sessions.values()) {
      List<BlockRow> blocks = batch.blocksOf(s.id);
      List<Long> claimedHere = blocks.stream().filter(b -> b.directLease() != null).map(b -> b.id).toList();
      if (!claimedHere.isEmpty() && worthKeeping(s, claimedHere.size(), batch.countsOf(s.id).withChanges(blocks))) {
        ids.add(s.id);
        claimed.addAll(claimedHere);
        runningNow.put(s.id, claimedHere.size());
      }
    }
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Long[] sessionIds = ids.toArray(Long[]::new);
    Integer[] fromStart = new Integer[sessionIds.length];
    Arrays.fill(fromStart, -1);
    Future<RowSet<Row>> sessions = conn.preparedQuery(SessionSql.READ_BACK).execute(Tuple.of((Object) sessionIds));
    Future<RowSet<Row>> blocks = conn.preparedQuery(BlockSql.LOAD_FOR_PLANNING)
        .execute(Tuple.of(sessionIds, PlanningBatch.SEQUENTIAL_WINDOW, fromStart, claimed.toArray(Long[]::new)));
    return Future.all(sessions, blocks).map(all -> {
      Map<Long, List<Row>> blocksBySession = new HashMap<>();
      blocks.result().forEach(r -> blocksBySession.computeIfAbsent(r.getLong("session_id"), k -> new ArrayList<>()).add(r));
      Map<Long, Snapshot> read = new HashMap<>();
      sessions.result().forEach(r -> {
        long id = r.getLong("id");
        read.put(id, new Snapshot(r, runningNow.get(id), blocksBySession.getOrDefault(id, List.of())));
      });
      return read;
    });
  }

  /**
   * Whether this session, as the transaction leaves it, changes next only through the completion
   * of a block the transaction claimed directly: sequential or pipeline, running, not paused or
   * cancelled, and nothing active but those blocks (no released block a claim could take).
   */
  static boolean worthKeeping(SessionRow s, int claimedHere, BlockCounts now) {
    if (claimedHere == 0 || s.mode == SessionMode.PARALLEL || s.status() != SessionStatus.RUNNING || s.paused()
        || s.cancelled()) {
      return false;
    }
    return now.active() == claimedHere && now.byStatus().getOrDefault(BlockStatus.RUNNING, 0) == claimedHere;
  }
}
