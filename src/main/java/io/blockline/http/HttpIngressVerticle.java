package io.blockline.http;

import io.blockline.api.ProblemException;
import io.blockline.metrics.BlocklineMetrics;
import io.blockline.node.ServerState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * The HTTP surface: validates the request's shape, answers errors as problem+json, and talks to
 * the dispatcher only over the event bus. Deployed first so {@code /health} answers (503) while
 * the database is still coming up; {@code /v1} answers 503 until the dispatcher runs.
 */
public final class HttpIngressVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpIngressVerticle.class);

  private final HttpSettings settings;
  private final ServerState state;
  private final BlocklineMetrics metrics;
  private final EventHub events = new EventHub();
  private HttpServer server;
  private Future<io.vertx.core.buffer.Buffer> openApi;

  public HttpIngressVerticle(HttpSettings settings, ServerState state, BlocklineMetrics metrics) {
    this.settings = settings;
    this.state = state;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    events.start(vertx);
    Router router = Router.router(vertx);
    router.get("/health").handler(new HealthRoute(state)::handle);
    router.get("/openapi.yaml").handler(this::openApi);
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
    if (!settings.corsOrigins().isEmpty()) {
      // Before the gate and the keys: a browser's preflight carries neither.
      router.route("/v1/*").handler(CorsHandler.create().addOrigins(settings.corsOrigins())
          .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE))
          .allowedHeaders(Set.of("Content-Type", "Authorization", "X-Blockline-Owner", "Idempotency-Key"))
          .exposedHeaders(Set.of("Retry-After", "Idempotent-Replayed", "Location")));
    }
    router.route("/v1/*").handler(this::gate);
    router.route("/v1/*").handler(new RequestDeadline(settings.requestTimeoutMs())::handle);
    Bus bus = new Bus(vertx);
    if (settings.authCacheMs() != null) {
      router.route("/v1/*").handler(new AuthGate(bus, settings.authCacheMs())::handle);
    }
    router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
    router.route("/v1/*").handler(new JsonDepthGuard(settings.maxJsonDepth())::handle);
    if (settings.authCacheMs() != null) {
      new KeyRoutes(bus).mount(router);
    }
    new SessionRoutes(vertx, bus, events, new SubmitQuotas(settings.submitsPerSecond(), settings.submitBurst(),
        settings.maxBlocksPerSubmit(), metrics)).mount(router);
    new BlockRoutes(bus).mount(router);
    new OperatorRoutes(bus).mount(router);
    new DashboardRoutes().mount(router);
    router.route().last().handler(ctx -> Problems.send(ctx, 404, "no route for " + ctx.request().method() + " " + ctx.request().path(), null));
    router.errorHandler(413, ctx -> Problems.send(ctx, 413, "request body is larger than http.maxBodyBytes=" + settings.maxBodyBytes() + " bytes", null));
    router.errorHandler(405, ctx -> Problems.send(ctx, 405, ctx.request().method() + " is not allowed on " + ctx.request().path(), null));
    router.errorHandler(500, this::failure);
    router.errorHandler(400, this::failure);
    HttpServerOptions options = new HttpServerOptions().setCompressionSupported(true).setTcpNoDelay(true)
        .setMaxHeaderSize(settings.maxHeaderBytes()).setIdleTimeout(settings.idleTimeoutSeconds());
    options.getInitialSettings().setMaxHeaderListSize(settings.maxHeaderBytes());  // the same bound over HTTP/2
    if (settings.tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(settings.tlsCertPath())
          .setKeyPath(settings.tlsKeyPath()));
    }
    server = vertx.createHttpServer(options);
    server.invalidRequestHandler(new InvalidRequests(settings.maxHeaderBytes())::answer);
    return server.requestHandler(router).listen(settings.port(), settings.host())
        .onSuccess(s -> LOG.info("HTTP listening on {}:{}", settings.host(), s.actualPort()));
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
