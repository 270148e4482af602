package io.blockline.bench;

import io.blockline.client.Blockline;
import io.blockline.client.BlocklineClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The bench's control endpoint inside the server's JVM, on 127.0.0.1 only:
 * {@code POST /bench/eventbus?n=N&concurrency=C&owner=O} submits N single-noop-block sessions
 * through the Java client (at most C outstanding) and answers, once all were acknowledged,
 * {@code {n,concurrency,acknowledged,failed,firstError,elapsedMs}}.
 */
final class ControlVerticle extends VerticleBase {
  static final int MAX_N = 1_000_000;
  static final int MAX_CONCURRENCY = 10_000;

  private final int port;
  private HttpServer server;
  private BlocklineClient client;

  ControlVerticle(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    client = Blockline.client(vertx);
    return vertx.createHttpServer().requestHandler(this::handle).listen(port, "127.0.0.1").onSuccess(s -> server = s);
  }

  int actualPort() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST || !"/bench/eventbus".equals(request.path())) {
      answer(request, 404, new JsonObject().put("error", "POST /bench/eventbus?n=N&concurrency=C&owner=O"));
      return;
    }
    int n;
    int concurrency;
    try {
      n = Integer.parseInt(request.getParam("n"));
      concurrency = Integer.parseInt(request.getParam("concurrency", "16"));
    } catch (NumberFormatException e) {
      answer(request, 400, new JsonObject().put("error", "n and concurrency must be integers"));
      return;
    }
    if (n < 1 || n > MAX_N || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      answer(request, 400, new JsonObject().put("error", "1 <= n <= " + MAX_N + ", 1 <= concurrency <= " + MAX_CONCURRENCY));
      return;
    }
    String owner = request.getParam("owner", "bench-eventbus");
    new EventBusLoad(client, n, concurrency, owner).run().onComplete(ar -> {
      if (ar.succeeded()) {
        answer(request, 200, ar.result());
      } else {
        answer(request, 500, new JsonObject().put("error", ar.cause().toString()));
      }
    });
  }

  private static void answer(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
