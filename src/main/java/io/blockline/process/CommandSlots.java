package io.blockline.process;

import io.blockline.handler.RunStopped;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@code handlers.command.maxConcurrent}: how many command processes run at once on this node,
 * apart from {@code workers.concurrency}. A run beyond it waits, first come first served, until a
 * process ends or its own run is stopped. Used on one event loop only.
 */
final class CommandSlots {
  private final int max;
  private final Deque<Promise<Void>> waiting = new ArrayDeque<>();
  private int running;

  CommandSlots(int max) {
    this.max = max;
  }

  /** Completes when a slot is this run's; fails with {@link RunStopped} if the run is stopped while it waits. */
  Future<Void> acquire(Future<String> stopSignal) {
    if (running < max && waiting.isEmpty()) {
      running++;
      return Future.succeededFuture();
    }
    Promise<Void> turn = Promise.promise();
    waiting.add(turn);
    stopSignal.onSuccess(reason -> {
      if (waiting.remove(turn)) {
        turn.tryFail(new RunStopped(reason, null));
      }
    });
    return turn.future();
  }

  /** A slot for a process that already runs (taken over after a restart): it cannot wait, so it may go over the bound. */
  void take() {
    running++;
  }

  void release() {
    running--;
    while (running < max && !waiting.isEmpty()) {
      running++;
      waiting.poll().complete();
    }
  }

  int running() {
    return running;
  }
}
