package io.blockline.process;

import io.blockline.handler.BlockHandler;
import io.blockline.handler.CommandPolicy;
import io.blockline.handler.HandlerFailure;
import io.blockline.handler.RunContext;
import io.blockline.handler.RunStopped;
import io.blockline.store.CommandRunStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Runs command blocks on a worker verticle: each run waits for one of the node's command slots,
 * starts its process in a directory of its own, records it (under the run's lease) before the
 * command may start, then watches it to its end ({@link ProcessWatch}). A run handed over after a
 * restart is watched, never started again. On the verticle's stop the processes are left running
 * for the next start to take over.
 */
public final class CommandRunner implements BlockHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

  private final Vertx vertx;
  private final Pool pool;
  private final CommandSettings settings;
  private final HostIdentity host;
  private final Clock clock;
  private final CommandSlots slots;
  private final GroupKiller killer;
  private final ProcessLauncher launcher;
  private final Set<ProcessWatch> watches = new HashSet<>();

  public CommandRunner(Vertx vertx, Pool pool, CommandSettings settings, HostIdentity host, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.settings = settings;
    this.host = host;
    this.clock = clock;
    this.slots = new CommandSlots(settings.maxConcurrent());
    this.killer = new GroupKiller(vertx, settings.killGraceMs());
    this.launcher = new ProcessLauncher(CommandEnvironment.of(settings.envNames(), System.getenv()), settings.maxOutputBytes());
  }

  @Override
  public boolean settlesOnStop() {
    return true;
  }

  @Override
  public Future<JsonObject> run(RunContext ctx) {
    if (ctx.resumed() != null) {
      // Already running: whatever the rules say now, it is watched to its end, never refused.
      TrackedProcess process = TrackedProcess.fromJson(ctx.resumed());
      ctx.activity("NOTICE", "re-attached to process " + process.pid() + " after a restart");
      slots.take();
      return watch(ctx, process).onComplete(ar -> slots.release());
    }
    String refusal = settings.policy().refusal(ctx.handler());
    if (refusal != null) {
      return Future.failedFuture(new HandlerFailure("COMMAND_REFUSED", refusal, null, false));
    }
    return slots.acquire(ctx.stopSignal())
        .compose(v -> start(ctx).compose(process -> watch(ctx, process)).onComplete(ar -> slots.release()));
  }

  /** Stops watching; the processes go on (see the class comment). */
  public void close() {
    watches.forEach(ProcessWatch::detach);
    watches.clear();
  }

  private Future<TrackedProcess> start(RunContext ctx) {
    RunDirectory dir = RunDirectory.of(settings.workDir(), ctx.blockToken(), ctx.execution());
    return vertx.executeBlocking(() -> launcher.launch(dir, CommandPolicy.commandLine(ctx.handler())), false)
        .recover(e -> Future.failedFuture(new HandlerFailure("COMMAND_NOT_STARTED",
            "the command could not be started: " + e.getMessage())))
        .compose(launched -> record(ctx, launched)
            .recover(e -> abandon(launched, new HandlerFailure("COMMAND_NOT_STARTED",
                "the command's process could not be recorded: " + e.getMessage())))
            .compose(recorded -> {
              if (!recorded || ctx.stopped()) {
                // Cancelled (or no longer this run's block) before its command began: it never will.
                return abandon(launched, new RunStopped(ctx.stopped() ? ctx.stopSignal().result() : "cancelled", null));
              }
              long startedAt = clock.millis();
              return vertx.<Void>executeBlocking(() -> {
                launched.go();
                return null;
              }, false).map(v -> {
                ctx.activity("NOTICE", "started process " + launched.pid() + " in " + dir);
                return new TrackedProcess(dir, launched.pid(), launched.startTicks(), startedAt);
              });
            }));
  }

  private Future<Boolean> record(RunContext ctx, ProcessLauncher.Launched launched) {
    return CommandRunStore.record(pool, ctx.blockRowId(), UUID.fromString(ctx.leaseToken()), host.name(), host.bootId(),
        launched.dir().toString(), launched.pid(), launched.startTicks());
  }

  private <T> Future<T> abandon(ProcessLauncher.Launched launched, RuntimeException why) {
    launched.abandon();
    return Future.failedFuture(why);
  }

  private Future<JsonObject> watch(RunContext ctx, TrackedProcess process) {
    ProcessWatch watch = new ProcessWatch(vertx, process, killer, settings.staleAfterMs(), clock);
    watches.add(watch);
    LOG.debug("watching command process pid={} block={} dir={}", process.pid(), ctx.blockToken(), process.dir());
    return watch.until(ctx.stopSignal()).onComplete(ar -> {
      watches.remove(watch);
      CommandRunStore.markEnded(pool, ctx.blockRowId(), UUID.fromString(ctx.leaseToken()))
          .onFailure(e -> LOG.warn("could not mark the process of block={} ended: {}", ctx.blockToken(), e.toString()));
    });
  }
}
