package io.blockline.http;

import io.blockline.api.ProblemException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** The one table from domain failures to HTTP: status, title and an application/problem+json body. */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Map<Integer, String> TITLES = Map.of(
      400, "Invalid request",
      401, "Authentication required",
      403, "Forbidden",
      404, "Not found",
      405, "Method not allowed",
      409, "Conflict with the current state",
      413, "Request body too large",
      429, "Too many requests",
      500, "Internal error",
      503, "Not ready");

  private Problems() {
  }

  public static void send(RoutingContext ctx, Throwable failure) {
    ProblemException problem = toProblem(failure);
    send(ctx, problem.status(), problem.getMessage(), problem.errors());
  }

  public static void send(RoutingContext ctx, int status, String detail, JsonArray errors) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    JsonObject body = body(status, detail, errors);
    if ((status == 503 || status == 429) && ctx.response().headers().get("Retry-After") == null) {
      ctx.response().putHeader("Retry-After", "1");
    }
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"blockline\"");
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
  }

  /** The problem+json document. */
  static JsonObject body(int status, String detail, JsonArray errors) {
    return new JsonObject()
        .put("type", "https://blockline.dev/problems/" + status)
        .put("title", TITLES.getOrDefault(status, "Error"))
        .put("status", status)
        .put("detail", detail)
        .put("errors", errors == null ? new JsonArray() : errors);
  }

  /** Domain → HTTP: a ProblemException as it is, a bus failure by its code, anything else 500. */
  static ProblemException toProblem(Throwable failure) {
    if (failure instanceof ProblemException problem) {
      return problem;
    }
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return new ProblemException(503, "the dispatcher is not running");
      }
      if (reply.failureType() == ReplyFailure.TIMEOUT) {
        return new ProblemException(503, "the dispatcher did not answer in time");
      }
      if (reply.failureCode() >= 400 && reply.failureCode() < 600) {
        return new ProblemException(reply.failureCode(), reply.getMessage());
      }
    }
    LOG.error("unexpected failure", failure);
    return new ProblemException(500, "internal error");
  }
}
