package io.blockline.engine;

import io.blockline.block.BlockCounts;
import io.blockline.block.BlockRow;
import io.blockline.block.BlockStatus;
import io.blockline.session.SessionMode;
import io.blockline.session.SessionRow;
import io.blockline.session.SessionStatus;
import io.blockline.store.BlockStore;
import io.blockline.store.ConcurrentChange;
import io.blockline.store.SessionSql;
import io.blockline.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The sessions this node's engine just wrote whose next change it can foresee, as the engine's
 * load would read them now. A sequential or pipeline session whose only active blocks the
 * transaction claimed directly changes next when this node's worker completes one of them. The
 * transaction that wrote it keeps it here: as its own rows after the commit, or, when those
 * hold too few of the session's waiting blocks, read back before its COMMIT (same round trip).
 * That completion then plans from the snapshot and skips the load's round trip: it locks the
 * session only if its version is still the snapshot's ({@link SessionSql#LOCK_UNCHANGED}, sent
 * first, ahead of the writes) and is otherwise rolled back and retried the normal way.
 *
 * <p>Why a matching version is enough: every engine transaction that changes a session or its
 * blocks moves the version, claims touch only released blocks (such a session has none), and
 * lease renewals change no column the planner reads. Used from the engine's context only.
 */
final class SessionSnapshots {
  /**
   * Waiting blocks a snapshot built from the transaction's own rows must still hold; with fewer
   * (and more waiting in the session), it is read back instead, which loads a full window.
   */
  static final int MIN_WAITING_HELD = 2;
  private final Map<Long, Snapshot> bySession;
  private long current;
  private long stale;
  private long readBacks;

  /**
   * One session as {@link PlanningBatch#load} would read it: its row and its blocks (possibly
   * fewer waiting ones than the load's window). Never mutated: a transaction plans on copies
   * ({@link PlanningBatch#resume}).
   */
  record Snapshot(SessionRow session, List<BlockRow> blocks) {
    long id() {
      return session.id;
    }

    /** The session's running blocks: a snapshot holds them all (they are the blocks it was kept for). */
    int running() {
      return (int) blocks.stream().filter(b -> b.status() == BlockStatus.RUNNING).count();
    }

    long version() {
      return session.version;
    }

    boolean holdsRunning(long blockId, UUID lease) {
      for (BlockRow b : blocks) {
        if (b.id == blockId) {
          return b.status() == BlockStatus.RUNNING && lease != null && lease.equals(b.leaseToken);
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
  void keep(Collection<Long> written, Map<Long, Snapshot> next) {
    for (Long id : written) {
      Snapshot snapshot = next.get(id);
      if (snapshot == null) {
        bySession.remove(id);
      } else {
        bySession.put(id, snapshot);
      }
    }
  }

  /** Snapshots read back from the database (the others were built from the transaction's own rows). */
  long readBacks() {
    return readBacks;
  }

  Snapshot of(long sessionId) {
    return bySession.get(sessionId);
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
    return SessionStore.lockUnchanged(conn, ids, versions);
  }

  /**
   * The next snapshots of the sessions worth one. Built from what the transaction wrote when that
   * still holds at least {@link #MIN_WAITING_HELD} of the session's waiting blocks (or all of
   * them); otherwise read back inside the transaction, behind its writes, as the load would read
   * them (the blocks claimed directly are its targets), which refills the waiting window.
   */
  Future<Map<Long, Snapshot>> next(SqlConnection conn, PlanningBatch batch) {
    Map<Long, Snapshot> built = new HashMap<>();
    List<Long> ids = new ArrayList<>();
    List<Long> claimed = new ArrayList<>();
    for (SessionRow s : batch.sessions.values()) {
      List<BlockRow> blocks = batch.blocksOf(s.id);
      List<Long> claimedHere = blocks.stream().filter(b -> b.directLease() != null).map(b -> b.id).toList();
      if (claimedHere.isEmpty()) {
        continue;
      }
      BlockCounts now = batch.countsOf(s.id).withChanges(blocks);
      if (!worthKeeping(s, claimedHere.size(), now)) {
        continue;
      }
      List<BlockRow> kept = asLoaded(blocks);
      long waitingHeld = kept.stream().filter(BlockRow::waiting).count();
      if (waitingHeld >= Math.min(MIN_WAITING_HELD, now.waiting()) && requirementsHeld(kept)) {
        // Its blocks changed, so the transaction writes the session: one version further.
        built.put(s.id, new Snapshot(s.committed(true), kept));
      } else {
        ids.add(s.id);
        claimed.addAll(claimedHere);
      }
    }
    if (ids.isEmpty()) {
      return Future.succeededFuture(built);
    }
    Long[] sessionIds = ids.toArray(Long[]::new);
    Integer[] fromStart = new Integer[sessionIds.length];
    Arrays.fill(fromStart, -1);
    Future<List<SessionRow>> sessions = SessionStore.readBack(conn, sessionIds);
    Future<List<BlockRow>> blocks = BlockStore.loadForPlanning(conn, sessionIds, PlanningBatch.SEQUENTIAL_WINDOW,
        fromStart, claimed.toArray(Long[]::new));
    return Future.all(sessions, blocks).map(all -> {
      readBacks += sessionIds.length;
      Map<Long, List<BlockRow>> blocksBySession = new HashMap<>();
      blocks.result().forEach(b -> blocksBySession.computeIfAbsent(b.sessionId, k -> new ArrayList<>()).add(b));
      sessions.result().forEach(session ->
          built.put(session.id, new Snapshot(session, blocksBySession.getOrDefault(session.id, List.of()))));
      return built;
    });
  }

  /**
   * Whether every block a waiting one requires is among these (the load reads them; the planner
   * takes a missing one for unmet). A block re-armed by this transaction was loaded as a skipped
   * one, whose requirements the load does not read. Requirements are match keys (lower case).
   */
  static boolean requirementsHeld(List<BlockRow> blocks) {
    Set<String> held = new HashSet<>();
    blocks.forEach(b -> held.add(b.matchKey));
    return blocks.stream().filter(BlockRow::waiting).allMatch(b -> held.containsAll(b.requires));
  }

  /**
   * The blocks as the load would pick them after the commit, from those the transaction held:
   * running, failed, waiting, and those the waiting ones require. A block that succeeded and
   * that nothing waiting requires is left out, as the load leaves it out.
   */
  static List<BlockRow> asLoaded(List<BlockRow> blocks) {
    List<BlockRow> committed = blocks.stream().map(BlockRow::committed).toList();
    Set<String> required = new HashSet<>();
    committed.stream().filter(BlockRow::waiting).forEach(b -> required.addAll(b.requires));
    return committed.stream()
        .filter(b -> b.status() == BlockStatus.RUNNING || b.status() == BlockStatus.PREP || b.status().failed()
            || b.waiting() || required.contains(b.matchKey))
        .toList();
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
