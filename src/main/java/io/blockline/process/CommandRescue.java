package io.blockline.process;

import io.blockline.block.Outcome;
import io.blockline.handler.HandlerFailure;
import io.blockline.store.CommandRunStore;
import io.blockline.store.CommandRunStore.RecordedProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.LongPredicate;

/**
 * What the rescuer does with a command block whose lease expired (its node stopped or died) and
 * whose process was recorded: a process that still runs is taken over ({@link Resolution.Alive}),
 * never started again; one that ended is finished from its exit marker; one gone without a
 * marker fails "process exited without exit marker"; one older than the stale limit is killed.
 * A process on another host cannot be looked at from here: it is left to a node there until it
 * would be stale. Each pass also kills what still runs of a block that moved on without it
 * ({@link #reapLeftovers}).
 */
public final class CommandRescue {

  /** The rescuer's next step for one recorded process. */
  public sealed interface Resolution {
    /** The run is over: complete it with this outcome, finished at this time (epoch ms). */
    record Finished(Outcome outcome, long finishedAtMs) implements Resolution {
    }

    /** The process runs: take over its lease and watch it ({@link #resumed}). */
    record Alive() implements Resolution {
    }

    /** The process lives on another host: leave it for now. */
    record Elsewhere() implements Resolution {
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(CommandRescue.class);
  private static final int LEFTOVERS_PER_PASS = 100;

  private final Vertx vertx;
  private final Pool pool;
  private final CommandSettings settings;
  private final HostIdentity host;
  private final GroupKiller killer;

  public CommandRescue(Vertx vertx, Pool pool, CommandSettings settings, HostIdentity host) {
    this.vertx = vertx;
    this.pool = pool;
    this.settings = settings;
    this.host = host;
    this.killer = new GroupKiller(vertx, settings.killGraceMs());
  }

  /** What the worker needs to watch a process it takes over ({@link io.blockline.handler.RunContext#resumed()}). */
  public static JsonObject resumed(RecordedProcess recorded) {
    return tracked(recorded).toJson();
  }

  public Future<Resolution> resolve(RecordedProcess recorded, long nowMs) {
    boolean stale = recorded.ageMs() > settings.staleAfterMs();
    if (!host.name().equals(recorded.host())) {
      return stale ? finished(CommandEndings.stale(settings.staleAfterMs(), new JsonObject()
          .put("host", recorded.host())), nowMs) : Future.succeededFuture(new Resolution.Elsewhere());
    }
    TrackedProcess process = tracked(recorded);
    boolean sameBoot = host.bootId().equals(recorded.bootId());
    return vertx.executeBlocking(() -> ProcessState.of(process, sameBoot), false).<Resolution>compose(state -> {
      if (state instanceof ProcessState.Exited exited) {
        return killer.killLeftovers(process.pid()).compose(v -> details(process, exited.marker().exitCode()))
            .map(details -> new Resolution.Finished(exited.marker().exitCode() == 0 ? new Outcome.Succeeded(details)
                : failed(CommandEndings.nonZeroExit(details)), exited.marker().finishedAtMs()));
      }
      if (state instanceof ProcessState.Gone) {
        return details(process, null).compose(details -> finished(CommandEndings.vanished(details), nowMs));
      }
      if (stale) {
        return killer.kill(process.pid()).compose(v -> details(process, null))
            .compose(details -> finished(CommandEndings.stale(settings.staleAfterMs(), details), nowMs));
      }
      return Future.succeededFuture(new Resolution.Alive());
    }).compose(resolution -> resolution instanceof Resolution.Finished
        ? CommandRunStore.markEnded(pool, recorded.blockId(), recorded.leaseToken()).map(resolution)
        : Future.succeededFuture(resolution));
  }

  /**
   * Kills the processes on this host that still run although their block moved on (their node
   * died between a cancel and the kill), skipping blocks this node still works on; completes
   * with how many were found alive.
   */
  public Future<Integer> reapLeftovers(LongPredicate heldHere) {
    return CommandRunStore.leftovers(pool, host.name(), LEFTOVERS_PER_PASS).compose(leftovers -> {
      List<Future<Boolean>> reaped = leftovers.stream().filter(p -> !heldHere.test(p.blockId())).map(this::reap).toList();
      return Future.join(reaped).transform(ar -> Future.succeededFuture(
          (int) reaped.stream().filter(f -> f.succeeded() && f.result()).count()));
    });
  }

  private Future<Boolean> reap(RecordedProcess recorded) {
    TrackedProcess process = tracked(recorded);
    boolean sameBoot = host.bootId().equals(recorded.bootId());
    return vertx.executeBlocking(() -> sameBoot && ProcStat.alive(process.pid(), process.startTicks()), false)
        .compose(alive -> {
          if (alive) {
            LOG.warn("killing process {} of block id={}: its block no longer runs it", process.pid(), recorded.blockId());
          }
          return (alive ? killer.kill(process.pid()) : Future.<Void>succeededFuture())
              .compose(v -> CommandRunStore.markEnded(pool, recorded.blockId(), recorded.leaseToken()))
              .map(alive);
        });
  }

  private Future<JsonObject> details(TrackedProcess process, Integer exitCode) {
    return vertx.executeBlocking(() -> CommandOutput.details(process.dir(), exitCode), false);
  }

  private static Future<Resolution> finished(HandlerFailure failure, long finishedAtMs) {
    return Future.succeededFuture(new Resolution.Finished(failed(failure), finishedAtMs));
  }

  private static Outcome failed(HandlerFailure failure) {
    return new Outcome.Failed(failure.toError(), failure.retryable());
  }

  private static TrackedProcess tracked(RecordedProcess recorded) {
    return new TrackedProcess(RunDirectory.of(recorded.runDir()), recorded.pid(), recorded.startTicks(),
        recorded.startedAtMs());
  }
}
