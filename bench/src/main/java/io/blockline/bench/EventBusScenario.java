package io.blockline.bench;

import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * eventbus: 20,000 single-noop-block sessions submitted with the Java client by a verticle in the
 * server's JVM ({@link BenchServer}'s control endpoint), at most 16 outstanding. Seconds: the
 * control call → last block finished_at. Percentiles: per block, session created_at → finished_at.
 */
final class EventBusScenario implements Scenario {
  static final int SESSIONS = 20_000;
  static final int OUTSTANDING = 16;

  @Override
  public String name() {
    return "eventbus";
  }

  /**
   * Has BenchServer's control verticle submit {@code n} single-noop-block sessions with the Java
   * client, {@link #OUTSTANDING} at a time; every one must be acknowledged.
   *
   * @return the control endpoint's answer ({@code acknowledged}, {@code failed}, {@code elapsedMs})
   */
  static JsonObject submit(BenchContext ctx, int n, String owner) {
    try (Http control = new Http(ctx.options.controlUrl())) {
      Http.Response r = control.post("/bench/eventbus?n=" + n + "&concurrency=" + OUTSTANDING + "&owner=" + owner, null,
          Duration.ofMinutes(15));
      if (r.status() != 200) {
        throw new BenchFailure("control endpoint answered " + r.status() + ": " + BenchContext.abbreviate(r.body()));
      }
      JsonObject answer = new JsonObject(r.body());
      if (answer.getInteger("failed", 0) > 0 || answer.getInteger("acknowledged", 0) != n) {
        throw new BenchFailure("event-bus submits: " + answer.encode());
      }
      return answer;
    }
  }

  @Override
  public Result run(BenchContext ctx) throws Exception {
    int n = ctx.options.size(SESSIONS);
    String owner = ctx.owner(name());
    double origin = ctx.db.nowMs();
    JsonObject answer = submit(ctx, n, owner);
    ctx.log("%d sessions acknowledged over the event bus in %d ms", n, answer.getLong("elapsedMs"));
    ctx.awaitSessions(owner, n, n);
    BlockTimes times = BlockTimes.load(ctx.db, owner);
    return Result.measured(name(), owner, n, n, OUTSTANDING, origin, times,
            BlockTimes.between(times.sessionCreated, times.blockFinished))
        .extra("submit_s", answer.getLong("elapsedMs") / 1000.0);
  }
}
