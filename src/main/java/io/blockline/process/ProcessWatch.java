package io.blockline.process;

import io.blockline.handler.RunStopped;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * Watches one command process until it ends, and ends the run with it: from the exit marker
 * (status 0 is the result, any other a failure), as vanished when it is gone without one, or
 * killed when its run is stopped (timeout, cancel) or it has run longer than the stale limit.
 * The run's future completes only once no process of its group is left alive. Polls on a timer;
 * every look at the process or its files runs on a worker thread.
 */
final class ProcessWatch {
  private static final long POLL_MS = 100;

  private final Vertx vertx;
  private final TrackedProcess process;
  private final GroupKiller killer;
  private final long staleAfterMs;
  private final Clock clock;
  private final Promise<JsonObject> done = Promise.promise();
  private long timer = -1;
  private boolean looking;
  /** Set once the run's end is decided: no second decision, no more polls. */
  private boolean ending;

  ProcessWatch(Vertx vertx, TrackedProcess process, GroupKiller killer, long staleAfterMs, Clock clock) {
    this.vertx = vertx;
    this.process = process;
    this.killer = killer;
    this.staleAfterMs = staleAfterMs;
    this.clock = clock;
  }

  /** The run's result, or its failure; {@code stopSignal} kills the group and ends the run {@link RunStopped}. */
  Future<JsonObject> until(Future<String> stopSignal) {
    timer = vertx.setPeriodic(POLL_MS, id -> look());
    stopSignal.onSuccess(this::stop);
    look();
    return done.future();
  }

  /** Stops watching and leaves the process running (the node is stopping; the next start takes it over). */
  void detach() {
    ending = true;
    vertx.cancelTimer(timer);
  }

  private void look() {
    if (ending || looking) {
      return;
    }
    looking = true;
    vertx.executeBlocking(() -> ProcessState.of(process, true), false).onComplete(ar -> {
      looking = false;
      if (ending) {
        return;
      }
      if (ar.failed()) {
        end(Future.failedFuture(ar.cause()));
      } else if (ar.result() instanceof ProcessState.Exited exited) {
        end(killer.killLeftovers(process.pid()).compose(v -> exited(exited.marker())));
      } else if (ar.result() instanceof ProcessState.Gone) {
        end(killer.killLeftovers(process.pid()).compose(v -> details(null))
            .compose(details -> Future.failedFuture(CommandEndings.vanished(details))));
      } else if (clock.millis() - process.startedAtMs() > staleAfterMs) {
        end(killer.kill(process.pid()).compose(v -> details(null))
            .compose(details -> Future.failedFuture(CommandEndings.stale(staleAfterMs, details))));
      }
    });
  }

  private Future<JsonObject> exited(ExitMarker marker) {
    return details(marker.exitCode()).compose(details -> marker.exitCode() == 0
        ? Future.succeededFuture(details) : Future.failedFuture(CommandEndings.nonZeroExit(details)));
  }

  private void stop(String reason) {
    if (ending) {
      return;
    }
    Integer exitCode = "timeout".equals(reason) ? CommandEndings.TIMEOUT_EXIT_CODE : null;
    end(killer.kill(process.pid()).compose(v -> details(exitCode))
        .compose(details -> Future.failedFuture(new RunStopped(reason, details))));
  }

  private void end(Future<JsonObject> outcome) {
    ending = true;
    vertx.cancelTimer(timer);
    outcome.onComplete(done);
  }

  private Future<JsonObject> details(Integer exitCode) {
    return blocking(() -> CommandOutput.details(process.dir(), exitCode));
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
