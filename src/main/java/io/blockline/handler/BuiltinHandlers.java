package io.blockline.handler;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The builtin handlers, for tests, demos, mocks and benchmarks. They do what they say and
 * nothing else: {@code noop}, {@code echo}, {@code sleep {ms}}, {@code fail {message, times}}.
 */
public final class BuiltinHandlers implements BlockHandler {
  private final Vertx vertx;

  public BuiltinHandlers(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<JsonObject> run(RunContext ctx) {
    return switch (ctx.handler().getString("name")) {
      case "noop" -> Future.succeededFuture(new JsonObject());
      case "echo" -> Future.succeededFuture(echo(ctx));
      case "sleep" -> sleep(ctx);
      case "fail" -> fail(ctx);
      default -> Future.failedFuture(new HandlerFailure("UNKNOWN_BUILTIN",
          "no builtin handler named " + ctx.handler().getString("name"), null, false));
    };
  }

  /** result = params, then the pipeline input over them, then {@code item} when there is one. */
  private static JsonObject echo(RunContext ctx) {
    JsonObject result = ctx.params().copy();
    if (ctx.input() != null) {
      result.mergeIn(ctx.input());
    }
    if (ctx.item() != null) {
      result.put("item", ctx.item());
    }
    return result;
  }

  private Future<JsonObject> sleep(RunContext ctx) {
    Object ms = ctx.params().getValue("ms");
    if (!(ms instanceof Number n) || n.longValue() < 0) {
      return Future.failedFuture(new HandlerFailure("BAD_PARAMS", "sleep needs params.ms, a number ≥ 0", null, false));
    }
    long millis = n.longValue();
    Promise<JsonObject> done = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, millis), id -> done.tryComplete(new JsonObject().put("sleptMs", millis)));
    ctx.stopSignal().onSuccess(reason -> {
      vertx.cancelTimer(timer);
      done.tryFail(new HandlerFailure("STOPPED", "sleep stopped: " + reason));
    });
    return done.future();
  }

  /**
   * Fails the first {@code times} executions of the block (every one without {@code times}), then
   * succeeds. Executions count across replays, so a replay after the last planned failure succeeds.
   */
  private static Future<JsonObject> fail(RunContext ctx) {
    JsonObject params = ctx.params();
    String message = params.getString("message", "failed on purpose");
    Integer times = params.getValue("times") instanceof Number n ? n.intValue() : null;
    if (times == null || ctx.execution() <= times) {
      ctx.activity("ERROR", "fail: execution " + ctx.execution() + (times == null ? "" : " of " + times + " failing"));
      return Future.failedFuture(new HandlerFailure("FAILED", message,
          new JsonObject().put("attempt", ctx.attempt()).put("execution", ctx.execution()), true));
    }
    return Future.succeededFuture(new JsonObject().put("attempt", ctx.attempt()).put("execution", ctx.execution())
        .put("failedBefore", times));
  }
}
