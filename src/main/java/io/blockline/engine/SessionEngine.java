package io.blockline.engine;

import io.blockline.api.ProblemException;
import io.blockline.block.BlockCounts;
import io.blockline.block.BlockRow;
import io.blockline.block.BlockStatus;
import io.blockline.block.ClaimedRun;
import io.blockline.block.RetryPolicy;
import io.blockline.block.RunRecord;
import io.blockline.block.Transition;
import io.blockline.db.Transactions;
import io.blockline.session.SessionPlanner;
import io.blockline.session.SessionRow;
import io.blockline.session.SessionStatus;
import io.blockline.store.ChangeStore;
import io.blockline.store.ConcurrentChange;
import io.blockline.store.RangeClaims;
import io.blockline.store.SessionSql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Applies a batch of {@link Command}s in one transaction: lock the sessions, load their blocks,
 * apply each command, let {@link SessionPlanner} decide what follows, write only what changed
 * (a few set-based statements whatever the batch size), then hand the {@link Effects} on.
 * Completions this node foresaw start from its {@link SessionSnapshots} instead of the load.
 */
public final class SessionEngine {
  private static final Logger LOG = LoggerFactory.getLogger(SessionEngine.class);
  private static final int MAX_TRIES = 5;
  /** Bound on extra waiting windows loaded for one session in one transaction. */
  private static final int MAX_WINDOWS = 400;
  /** Sessions whose next change this node foresees, kept at most (a snapshot is a few rows). */
  private static final int MAX_SNAPSHOTS = 10_000;

  private final Pool pool;
  private final RetryPolicy defaultRetry;
  private final Consumer<Effects> afterCommit;
  private final TokenResolver tokens;
  private final BatchWriter writer;
  private final Slots slots;
  private final SessionSnapshots snapshots = new SessionSnapshots(MAX_SNAPSHOTS);

  /** Worker slots a transaction may take to claim the blocks it releases (the fast path). */
  public interface Slots {
    /** @return how many of {@code wanted} slots are promised (0 when the queue may hold others) */
    int reserve(int wanted);

    /** Returns promised slots that were not used. */
    void unreserve(int slots);
  }

  public SessionEngine(Pool pool, RetryPolicy defaultRetry, String nodeId, long leaseMs, RangeClaims ranges,
                       Slots slots, Consumer<Effects> afterCommit) {
    this.pool = pool;
    this.defaultRetry = defaultRetry;
    this.afterCommit = afterCommit;
    this.tokens = new TokenResolver(pool);
    this.writer = new BatchWriter(nodeId, leaseMs, ranges);
    this.slots = slots;
  }

  public Future<Void> execute(List<? extends Command> commands) {
    return tokens.resolve(commands)
        .compose(live -> live.isEmpty() ? Future.succeededFuture() : attempt(live, 1));
  }

  SessionSnapshots snapshots() {
    return snapshots;
  }

  private Future<Void> attempt(List<Command> commands, int tryNumber) {
    Map<Command, ProblemException> rejected = new IdentityHashMap<>();
    Effects effects = new Effects();
    Set<Long> sessionIds = commands.stream().map(c -> c.sessionId).collect(Collectors.toSet());
    // A retry reads everything again: whatever made the first try fail may have changed the sessions.
    List<SessionSnapshots.Snapshot> from = tryNumber == 1 ? snapshots.covering(commands) : null;
    Map<Long, SessionSnapshots.Snapshot> next = new HashMap<>();
    return Transactions.run(pool, SessionSql.BEGIN_WITH_GENERIC_PLANS,
            tx -> apply(tx, commands, from, rejected, effects, next))
        .onSuccess(v -> {
          if (from != null) {
            snapshots.counted(true);
          }
          snapshots.keep(sessionIds, next);
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
          slots.unreserve(effects.reservedSlots);
          snapshots.forget(sessionIds);
          if (from != null && e instanceof ConcurrentChange) {
            snapshots.counted(false);
          }
          // A try that started from snapshots is retried the normal way whatever stopped it.
          if ((e instanceof ConcurrentChange || from != null) && tryNumber < MAX_TRIES) {
            return attempt(commands, tryNumber + 1);
          }
          LOG.error("state change failed commands={} try={}: {}", commands.size(), tryNumber, e.toString());
          commands.forEach(c -> c.promise().tryFail(e));
          return Future.failedFuture(e);
        });
  }

  // ---- the transaction ----

  /**
   * @param from      snapshots to plan from instead of loading (null: load), see {@link SessionSnapshots}
   * @param next      receives the next snapshots of the sessions worth one
   */
  private Future<Void> apply(Transactions.Tx tx, List<Command> commands, List<SessionSnapshots.Snapshot> from,
                             Map<Command, ProblemException> rejected, Effects effects,
                             Map<Long, SessionSnapshots.Snapshot> next) {
    SqlConnection conn = tx.conn;
    Future<Void> unchanged = from == null ? Future.succeededFuture() : SessionSnapshots.lockUnchanged(conn, from);
    Future<PlanningBatch> loaded;
    if (from == null) {
      Long[] ids = commands.stream().map(c -> c.sessionId).distinct().sorted().toArray(Long[]::new);
      Long[] targets = commands.stream().map(c -> c.blockId).filter(Objects::nonNull).distinct().toArray(Long[]::new);
      Set<Long> whole = commands.stream().filter(c -> c instanceof Command.CancelSession).map(c -> c.sessionId)
          .collect(Collectors.toSet());
      loaded = PlanningBatch.load(conn, ids, targets, whole);
    } else {
      // Planned at once; the lock's check travels ahead of the writes and fails them if the session moved on.
      loaded = Future.succeededFuture(PlanningBatch.resume(from));
    }
    return loaded.compose(batch -> {
      for (Command command : commands) {
        ProblemException problem = applyOne(command, batch, effects);
        if (problem != null) {
          rejected.put(command, problem);
        }
      }
      return plan(conn, batch, batch.sessions.values(), 0)
          .map(v -> {
            claimDirectly(batch, effects);
            batch.sessions.values().forEach(s -> s.tally(batch.countsOf(s.id).withChanges(batch.blocksOf(s.id))));
            return null;
          })
          .compose(v -> {
            // The writes, any read-back for the next snapshots and the COMMIT leave together: one
            // round trip for the whole second half.
            Future<List<ClaimedRun>> written = writer.write(conn, batch, effects);
            Future<Map<Long, SessionSnapshots.Snapshot>> kept = snapshots.next(conn, batch);
            return Future.all(unchanged, written, kept, tx.commit()).map(all -> {
              next.putAll(kept.result());
              return written.result();
            });
          })
          .map(claimed -> {
            effects.claimedRuns.addAll(claimed);
            return null;
          });
    }).<Void>mapEmpty().recover(e -> Future.failedFuture(unchanged.failed() ? unchanged.cause() : e));
  }

  /**
   * The fast path: blocks this transaction released and that are due now are claimed here too,
   * when the claim loop promises free slots, so a session's next block starts without another
   * claim round trip. The session's status then counts them as running.
   */
  private void claimDirectly(PlanningBatch batch, Effects effects) {
    List<BlockRow> due = batch.byId.values().stream()
        .filter(b -> b.dueNow() && b.loadedStatus != BlockStatus.RUNNING).toList();
    if (due.isEmpty()) {
      return;
    }
    int granted = slots.reserve(due.size());
    effects.reservedSlots += granted;
    for (int i = 0; i < granted; i++) {
      due.get(i).claimDirectly(UUID.randomUUID());
    }
    if (granted > 0) {
      for (SessionRow s : batch.sessions.values()) {
        List<BlockRow> loaded = batch.blocksOf(s.id);
        s.status(SessionStatus.derive(batch.countsOf(s.id).withChanges(loaded).byStatus(), s.cancelled(), s.paused()));
      }
    }
  }

  /**
   * Plans every session; a sequential session whose loaded waiting blocks were all skipped while
   * more wait beyond the window loads the next window and is planned again.
   */
  private Future<Void> plan(SqlConnection conn, PlanningBatch batch, Collection<SessionRow> sessions, int round) {
    Map<Long, Integer> after = new HashMap<>();
    List<SessionRow> again = new ArrayList<>();
    for (SessionRow s : sessions) {
      List<BlockRow> loaded = batch.blocksOf(s.id);
      s.status(SessionPlanner.plan(s, loaded, batch.countsOf(s.id), loaded));
      BlockCounts now = batch.countsOf(s.id).withChanges(loaded);
      if (s.releasesAllWaiting(now)) {
        // The planner would release every waiting block; none was loaded (see BlockSql.LOAD_FOR_PLANNING).
        batch.releaseAllWaiting.add(s.id);
        batch.counts.put(s.id, batch.countsOf(s.id).withWaitingReleased(now.waiting()));
        continue;
      }
      long waitingLoaded = loaded.stream().filter(BlockRow::waiting).count();
      boolean mayRelease = s.started() && !s.cancelled() && !s.paused() && now.active() == 0;
      if (mayRelease && now.waiting() > waitingLoaded && round < MAX_WINDOWS) {
        again.add(s);
        after.put(s.id, batch.lastWaitingSeq(s.id));
      }
    }
    if (again.isEmpty()) {
      return Future.succeededFuture();
    }
    return batch.loadWindows(conn, again, after).compose(v -> plan(conn, batch, again, round + 1));
  }

  /** @return the problem that rejects this command, or null when it applied */
  private ProblemException applyOne(Command command, PlanningBatch batch, Effects effects) {
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
      if (session.cancelled() || session.status() == SessionStatus.SUCCESS
          || session.status() == SessionStatus.ERROR) {
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
      BlockRow block = batch.byId.get(c.blockId);
      if (block.status().terminal()) return ProblemException.conflict("block is already " + block.status());
      stopIfRunning(block, effects);
      block.cancel("cancelled by caller");
      return null;
    }
    if (command instanceof Command.Replay r) {
      BlockRow block = batch.byId.get(r.blockId);
      if (session.cancelled()) return ProblemException.conflict("session is CANCELLED");
      if (!block.status().replayable()) {
        return ProblemException.conflict("block is " + block.status() + "; only a block that did not succeed and is not running can be replayed");
      }
      block.replay();
      return null;
    }
    if (command instanceof Command.Proceed p) {
      if (!session.paused()) return ProblemException.conflict("session is not PAUSED (status " + session.status() + ")");
      batch.merges.add(new ChangeStore.Merge(session.pausedBlock(), p.data));
      session.proceed();
      return null;
    }
    throw new IllegalStateException("unknown command " + command);
  }

  private void complete(Command.Complete c, SessionRow session, PlanningBatch batch, Effects effects) {
    BlockRow block = batch.byId.get(c.blockId);
    if (block != null && block.status() == BlockStatus.CANCELLED && c.leaseToken != null
        && c.leaseToken.equals(block.leaseToken)) {
      recordRuns(c, block, batch);  // the run stopped by the cancel: history only, the block stays CANCELLED
      return;
    }
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
    recordRuns(c, block, batch);
  }

  private static void recordRuns(Command.Complete c, BlockRow block, PlanningBatch batch) {
    if (block.keepRunInRow(c.attempt, c.runs)) {
      return;
    }
    for (RunRecord run : c.runs) {
      batch.runs.add(new ChangeStore.Run(block.id, c.attempt, run));
    }
  }

  private static void stopIfRunning(BlockRow block, Effects effects) {
    if (block.status() == BlockStatus.RUNNING) {
      effects.stopRuns.add(block.token);
    }
  }

}
