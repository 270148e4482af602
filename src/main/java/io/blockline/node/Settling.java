package io.blockline.node;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.BooleanSupplier;

/** On a graceful stop: waits, bounded, for what is already queued to reach the database. */
final class Settling {
  private static final long POLL_MS = 20;

  private Settling() {
  }

  static Future<Void> await(Vertx vertx, long maxWaitMs, BooleanSupplier idle) {
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + maxWaitMs * 1_000_000;
    vertx.setPeriodic(POLL_MS, id -> {
      if (idle.getAsBoolean() || System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        done.tryComplete();
      }
    });
    return done.future();
  }
}
