package io.blockline.http;

import io.blockline.api.ProblemException;
import io.blockline.metrics.BlocklineMetrics;
import io.blockline.node.ServerState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP surface: validates the request's shape, answers errors as problem+json, and talks to
 * the dispatcher only over the event bus. Deployed first so {@code /health} answers (503) while
 * the database is still coming up; {@code /v1} answers 503 until the dispatcher runs.
 */
public final class HttpIngressVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpIngressVerticle.class);

  private final String host;
  private final int port;
  private final long maxBodyBytes;
  private final ServerState state;
  private final BlocklineMetrics metrics;
  private final EventHub events = new EventHub();
  private HttpServer server;
  private Future<io.vertx.core.buffer.Buffer> openApi;

  public HttpIngressVerticle(String host, int port, long maxBodyBytes, ServerState state,
                             BlocklineMetrics metrics) {
    this.metrics = metrics;
    this.host = host;
    this.port = port;
    this.maxBodyBytes = maxBodyBytes;
    this.state = state;
  }

  @Override
  public Future<?> start() {
    events.start(vertx);
    Router router = Router.router(vertx);
    router.get("/health").handler(new HealthRoute(state)::handle);
    router.get("/openapi.yaml").handler(this::openApi);
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
    router.route("/v1/*").handler(this::gate);
    router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    Bus bus = new Bus(vertx);
    new SessionRoutes(vertx, bus, events).mount(router);
    new BlockRoutes(bus).mount(router);
    new OperatorRoutes(bus).mount(router);
    new DashboardRoutes().mount(router);
    router.route().last().handler(ctx -> Problems.send(ctx, 404, "no route for " + ctx.request().method() + " " + ctx.request().path(), null));
    router.errorHandler(413, ctx -> Problems.send(ctx, 413, "request body is larger than http.maxBodyBytes=" + maxBodyBytes + " bytes", null));
    router.errorHandler(405, ctx -> Problems.send(ctx, 405, ctx.request().method() + " is not allowed on " + ctx.request().path(), null));
    router.errorHandler(500, this::failure);
    router.errorHandler(400, this::failure);
    server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true).setTcpNoDelay(true));
    return server.requestHandler(router).listen(port, host)
        .onSuccess(s -> LOG.info("HTTP listening on {}:{}", host, s.actualPort()));
  }

  /** The contract of API.md as OpenAPI 3 (bundled resource, read once). */
  private void openApi(RoutingContext ctx) {
    if (openApi == null) {
      openApi = vertx.fileSystem().readFile("openapi.yaml");
    }
    openApi.onSuccess(yaml -> ctx.response().putHeader("Content-Type", "application/yaml").end(yaml))
        .onFailure(e -> Problems.send(ctx, 500, "openapi.yaml is missing from the build", null));
  }

  private void gate(RoutingContext ctx) {
    if (!state.ready()) {
      Problems.send(ctx, 503, state.stopping() ? "server is stopping" : "server is starting: " + state.reasons(), null);
      return;
    }
    ctx.next();
  }

  private void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException problem) {
      Problems.send(ctx, problem);
    } else if (failure != null) {
      Problems.send(ctx, failure);
    } else {
      Problems.send(ctx, ctx.statusCode(), "request failed", null);
    }
  }

  /** The port actually bound (useful with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    events.stop();
    return server == null ? Future.succeededFuture() : server.close();
  }
}
