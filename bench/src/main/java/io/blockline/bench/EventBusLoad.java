package io.blockline.bench;

import io.blockline.client.BlocklineClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

/**
 * Submits {@code n} single-noop-block sessions through the Java client with at most
 * {@code concurrency} outstanding; completes once every submit was acknowledged. After a failed
 * submit no new one starts, and it completes when the outstanding ones answered. Runs on one
 * event loop (no locking). A submit may complete synchronously (a failure answered at once), so
 * launches go through a trampoline instead of recursing from the completion callback.
 */
final class EventBusLoad {
  private final BlocklineClient client;
  private final int n;
  private final int concurrency;
  private final String owner;
  private final Promise<JsonObject> done = Promise.promise();
  private long startNanos;
  private int launched;
  private int acknowledged;
  private int failed;
  private String firstError;
  private int wanted;
  private boolean pumping;

  EventBusLoad(BlocklineClient client, int n, int concurrency, String owner) {
    this.client = client;
    this.n = n;
    this.concurrency = concurrency;
    this.owner = owner;
  }

  Future<JsonObject> run() {
    startNanos = System.nanoTime();
    wanted = Math.min(concurrency, n);
    pump();
    return done.future();
  }

  /** Launches the wanted submits in a loop; a callback that runs inside it only adds to {@code wanted}. */
  private void pump() {
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      while (wanted > 0) {
        wanted--;
        launch();
      }
    } finally {
      pumping = false;
    }
  }

  private void launch() {
    if (launched >= n || failed > 0) {
      return;
    }
    launched++;
    client.submit(Bodies.session(owner, "bench eventbus", 1, null, "NOW")).onComplete(ar -> {
      if (ar.succeeded()) {
        acknowledged++;
      } else {
        failed++;
        if (firstError == null) {
          firstError = ar.cause().toString();
        }
      }
      int answered = acknowledged + failed;
      if (answered == n || (failed > 0 && answered == launched)) {
        done.tryComplete(new JsonObject().put("n", n).put("concurrency", concurrency).put("launched", launched)
            .put("acknowledged", acknowledged).put("failed", failed).put("firstError", firstError)
            .put("elapsedMs", (System.nanoTime() - startNanos) / 1_000_000));
      } else {
        wanted++;
        pump();
      }
    });
  }
}
