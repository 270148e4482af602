package io.blockline.maintenance;

import io.blockline.block.ClaimedRun;
import io.blockline.block.Outcome;
import io.blockline.block.RunRecord;
import io.blockline.engine.Command;
import io.blockline.engine.SessionEngine;
import io.blockline.process.CommandRescue;
import io.blockline.process.CommandRescue.Resolution;
import io.blockline.store.BlockStore;
import io.blockline.store.BlockStore.ExpiredLease;
import io.blockline.store.CommandRunStore;
import io.blockline.store.CommandRunStore.RecordedProcess;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

/**
 * Finds running blocks whose lease expired (their node died or stopped) and fails their run as
 * {@code ORPHANED}: a replayable block goes back to STANDBY with back-off, any other ends with
 * the reason {@code orphaned}. The lease token fences a node that comes back late. A command
 * block whose process was recorded is not orphaned: {@link CommandRescue} finishes it from what
 * its process left, or this node takes the running process over ({@link Adopter}). Ranges whose
 * lease expired (V14) are first turned into running rows, then rescued as those.
 */
public final class Rescuer {
  private static final Logger LOG = LoggerFactory.getLogger(Rescuer.class);
  private static final int BATCH = 500;

  /** Hands a run this node took over, still going, to its workers. */
  @FunctionalInterface
  public interface Adopter {
    void resume(ClaimedRun run, JsonObject resumed, long remainingMs);
  }

  /** Where this node's leases come from, for the ones it takes over. */
  public record Lease(String nodeId, long leaseMs) {
  }

  private final Pool pool;
  private final Clock clock;
  private final SessionEngine engine;
  private final LongPredicate heldHere;
  private final CommandRescue commands;
  private final Lease lease;
  private final Adopter adopter;
  private Future<Integer> pass;

  public Rescuer(Pool pool, SessionEngine engine, LongPredicate heldHere, Clock clock, CommandRescue commands,
                 Lease lease, Adopter adopter) {
    this.clock = clock;
    this.pool = pool;
    this.engine = engine;
    this.heldHere = heldHere;
    this.commands = commands;
    this.lease = lease;
    this.adopter = adopter;
  }

  /**
   * One pass; completes with the number of blocks rescued or taken over. A pass still going is
   * joined, not doubled: two passes would read the same expired leases and rescue each twice
   * (the second refused by the fence, but counted as a stale write).
   */
  public Future<Integer> tickOnce() {
    if (pass != null && !pass.isComplete()) {
      return pass;
    }
    pass = BlockStore.materializeExpiredRanges(pool, BATCH)
        .compose(rows -> expiredLeases())
        .compose(rescued -> commands.reapLeftovers(heldHere).map(rescued));
    return pass;
  }

  private Future<Integer> expiredLeases() {
    return BlockStore.expiredLeases(pool, BATCH).compose(expired -> {
      List<ExpiredLease> lost = expired.stream().filter(l -> !heldHere.test(l.id())).toList();
      if (lost.isEmpty()) {
        return Future.succeededFuture(0);
      }
      return CommandRunStore.ofRunningBlocks(pool, lost.stream().map(ExpiredLease::id).toArray(Long[]::new))
          .compose(processes -> rescue(lost, processes.stream()
              .collect(Collectors.toMap(RecordedProcess::blockId, Function.identity()))));
    });
  }

  private Future<Integer> rescue(List<ExpiredLease> lost, Map<Long, RecordedProcess> processes) {
    List<Future<Integer>> rescued = new ArrayList<>();
    List<Command.Complete> orphans = new ArrayList<>();
    for (ExpiredLease expired : lost) {
      RecordedProcess process = processes.get(expired.id());
      if (process == null) {
        orphans.add(orphaned(expired));
      } else {
        rescued.add(commands.resolve(process, clock.millis()).compose(resolution -> apply(expired, process, resolution)));
      }
    }
    if (!orphans.isEmpty()) {
      rescued.add(engine.execute(orphans).map(orphans.size()));
    }
    return Future.join(rescued).transform(ar -> {
      int count = 0;
      for (Future<Integer> f : rescued) {
        if (f.succeeded()) {
          count += f.result();
        } else {
          LOG.warn("rescue of a block failed: {}", f.cause().toString());
        }
      }
      return Future.succeededFuture(count);
    });
  }

  private Command.Complete orphaned(ExpiredLease expired) {
    LOG.warn("rescuing block id={} whose lease expired leasedBy={}", expired.id(), expired.leasedBy());
    JsonObject error = Outcome.error("ORPHANED", "the node running this block stopped renewing its lease");
    // The lost attempt stays in the block's history as a run that ended in error.
    long now = clock.millis();
    long started = expired.startedAtMs() == null ? now : expired.startedAtMs();
    List<RunRecord> runs = List.of(new RunRecord(-1, started, now, "ERROR", error));
    return new Command.Complete(expired.sessionId(), expired.id(), expired.leaseToken(), expired.attempts(),
        new Outcome.Failed(error, true), runs, "orphaned");
  }

  private Future<Integer> apply(ExpiredLease expired, RecordedProcess process, Resolution resolution) {
    if (resolution instanceof Resolution.Finished finished) {
      LOG.info("finishing command block id={} from what its process pid={} left", expired.id(), process.pid());
      Outcome outcome = finished.outcome();
      List<RunRecord> runs = List.of(new RunRecord(-1, process.startedAtMs(), finished.finishedAtMs(),
          outcome instanceof Outcome.Succeeded ? "SUCCESS" : "ERROR", outcome.error()));
      return engine.execute(List.of(new Command.Complete(expired.sessionId(), expired.id(), expired.leaseToken(),
          expired.attempts(), outcome, runs, null))).map(1);
    }
    if (resolution instanceof Resolution.Alive) {
      return BlockStore.adoptLease(pool, expired.id(), expired.leaseToken(), lease.nodeId(), lease.leaseMs())
          .compose(adopted -> adopted ? resume(expired, process) : Future.succeededFuture(0));
    }
    LOG.debug("command block id={} runs on host {}; left to a node there", expired.id(), process.host());
    return Future.succeededFuture(0);
  }

  private Future<Integer> resume(ExpiredLease expired, RecordedProcess process) {
    LOG.info("taking over command block id={}: its process pid={} still runs", expired.id(), process.pid());
    return BlockStore.claimedRuns(pool, new Long[] {expired.id()}).map(runs -> {
      runs.forEach(run -> adopter.resume(run, CommandRescue.resumed(process), process.remainingMs()));
      return runs.size();
    });
  }
}
