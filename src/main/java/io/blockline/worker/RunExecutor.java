package io.blockline.worker;

import io.blockline.api.Addresses;
import io.blockline.api.Events;
import io.blockline.block.Outcome;
import io.blockline.handler.BlockHandler;
import io.blockline.handler.HandlerFailure;
import io.blockline.handler.RunContext;
import io.blockline.handler.RunStopped;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Executes one claimed block: once, or once per dataset item in item order (stopping at the
 * first failure), each run under the block's timeout and stop signal. Turns everything into an
 * {@link Outcome} plus the run records; never fails its future.
 */
public final class RunExecutor {
  private final Vertx vertx;
  private final Clock clock;
  private final Map<String, BlockHandler> kinds;

  public RunExecutor(Vertx vertx, Map<String, BlockHandler> kinds, Clock clock) {
    this.clock = clock;
    this.vertx = vertx;
    this.kinds = kinds;
  }

  /** One block's execution; {@code register} receives each run context so a stop can reach it. */
  public Future<JsonObject> execute(JsonObject run, java.util.function.Consumer<RunContext> register) {
    JsonArray dataset = run.getJsonArray("dataset");
    JsonArray runs = new JsonArray();
    if (dataset == null) {
      return runOnce(run, null, -1, runs, register).map(outcome -> reply(outcome, runs));
    }
    JsonArray results = new JsonArray();
    Future<Outcome> chain = Future.succeededFuture(null);
    for (int i = 0; i < dataset.size(); i++) {
      int index = i;
      chain = chain.compose(previous -> {
        if (previous != null) {
          return Future.succeededFuture(previous);
        }
        return runOnce(run, dataset.getValue(index), index, runs, register).map(outcome -> {
          if (outcome instanceof Outcome.Succeeded s) {
            results.add(s.result());
            return null;
          }
          return withItem(outcome, index);
        });
      });
    }
    return chain.map(failed -> reply(failed != null ? failed
        : new Outcome.Succeeded(new JsonObject().put("items", results)), runs));
  }

  private static Outcome withItem(Outcome outcome, int index) {
    if (outcome instanceof Outcome.Failed f) {
      JsonObject error = f.error().copy();
      JsonObject details = error.getValue("details") instanceof JsonObject d ? d.copy() : new JsonObject();
      error.put("details", details.put("item", index));
      error.put("message", "item " + index + ": " + error.getString("message"));
      return new Outcome.Failed(error, f.retryable());
    }
    return outcome;
  }

  private Future<Outcome> runOnce(JsonObject run, Object item, int index, JsonArray runs,
                                  java.util.function.Consumer<RunContext> register) {
    String sessionToken = run.getString("sessionToken");
    String blockToken = run.getString("blockToken");
    String blockId = run.getString("blockId");
    RunContext ctx = new RunContext(run, item, index, (level, line) -> activity(run, level, line));
    register.accept(ctx);
    BlockHandler handler = kinds.get(ctx.handler().getString("type"));
    boolean settlesOnStop = handler != null && handler.settlesOnStop();
    long started = startedAt(ctx);
    String label = "attempt " + ctx.attempt() + (index < 0 ? "" : " item " + index);
    publish(Events.activity(sessionToken, blockToken, blockId, "STARTING", label, Instant.ofEpochMilli(started)));
    Promise<Outcome> outcome = Promise.promise();
    long timer = vertx.setTimer(ctx.timeoutMs(), id -> {
      if (!settlesOnStop) {
        // First: a handler that fails at once on the stop must not turn the timeout into its failure.
        outcome.tryComplete(new Outcome.TimedOut(ctx.timeoutMs()));
      }
      ctx.stop("timeout");
    });
    ctx.stopSignal().onSuccess(reason -> {
      if ("cancelled".equals(reason) && !settlesOnStop) {
        outcome.tryComplete(new Outcome.Cancelled());
      }
    });
    invoke(handler, ctx).onComplete(ar -> outcome.tryComplete(outcomeOf(ar, ctx)));
    return outcome.future().map(result -> {
      vertx.cancelTimer(timer);
      long finished = clock.millis();
      String status = status(result);
      JsonObject record = new JsonObject().put("item", index).put("startedAt", started).put("finishedAt", finished)
          .put("status", status);
      if (result.error() != null) {
        record.put("error", result.error());
      }
      runs.add(record);
      publish(Events.activity(sessionToken, blockToken, blockId, "ENDING", label + " " + status,
          Instant.ofEpochMilli(finished)));
      return result;
    });
  }

  /** A run taken over after a restart started before this node did: its record keeps the first start. */
  private long startedAt(RunContext ctx) {
    JsonObject resumed = ctx.resumed();
    return resumed != null && resumed.getLong("startedAtMs") != null ? resumed.getLong("startedAtMs") : clock.millis();
  }

  private static Outcome outcomeOf(io.vertx.core.AsyncResult<JsonObject> ar, RunContext ctx) {
    if (ar.succeeded()) {
      return new Outcome.Succeeded(ar.result() == null ? new JsonObject() : ar.result());
    }
    if (ar.cause() instanceof RunStopped stopped) {
      return "timeout".equals(stopped.reason()) ? new Outcome.TimedOut(ctx.timeoutMs(), stopped.details())
          : new Outcome.Cancelled(stopped.details());
    }
    return new Outcome.Failed(HandlerFailure.errorOf(ar.cause()), HandlerFailure.retryableOf(ar.cause()));
  }

  private static Future<JsonObject> invoke(BlockHandler handler, RunContext ctx) {
    if (handler == null) {
      return Future.failedFuture(new HandlerFailure("UNSUPPORTED_HANDLER",
          "handler type " + ctx.handler().getString("type") + " is not served by this node", null, false));
    }
    try {
      return handler.run(ctx);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Same route as lines from handlers in other verticles: the dispatcher stores and publishes them. */
  private void activity(JsonObject run, String level, String line) {
    vertx.eventBus().send(Addresses.BLOCKS_ACTIVITY, new JsonObject()
        .put("sessionToken", run.getString("sessionToken")).put("blockToken", run.getString("blockToken"))
        .put("blockId", run.getString("blockId")).put("level", level).put("line", line)
        .put("at", clock.millis()));
  }

  private void publish(JsonObject event) {
    vertx.eventBus().publish(Addresses.EVENTS, event);
  }

  private static String status(Outcome outcome) {
    if (outcome instanceof Outcome.Succeeded) return "SUCCESS";
    if (outcome instanceof Outcome.TimedOut) return "TIMEOUT";
    if (outcome instanceof Outcome.Cancelled) return "CANCELLED";
    return "ERROR";
  }

  private static JsonObject reply(Outcome outcome, JsonArray runs) {
    return outcome.toJson().put("runs", runs);
  }
}
