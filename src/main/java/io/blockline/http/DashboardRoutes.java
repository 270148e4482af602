package io.blockline.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboard under {@code /ui}: plain HTML, CSS and JavaScript modules bundled in the jar
 * (resources {@code ui/}), no build step and nothing fetched from elsewhere at run time. The
 * pages read and act through the public {@code /v1} API like any other client.
 */
final class DashboardRoutes {
  /** The pages load nothing but their own files and call nothing but this node. */
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
          + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  void mount(Router router) {
    // Vert.x lets "/ui" match "/ui/" too: only the bare paths are redirected.
    router.get("/").handler(ctx -> redirectExactly(ctx, "/"));
    router.get("/ui").handler(ctx -> redirectExactly(ctx, "/ui"));
    router.route("/ui/*").handler(ctx -> {
      ctx.response()
          .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer")
          // Revalidated on each load (Last-Modified), so a new jar's pages are picked up at once.
          .putHeader("Cache-Control", "no-cache");
      ctx.next();
    });
    router.route("/ui/*").handler(StaticHandler.create("ui").setIndexPage("index.html")
        .setCachingEnabled(false).setDirectoryListing(false));
  }

  private static void redirectExactly(RoutingContext ctx, String path) {
    if (ctx.request().path().equals(path)) {
      ctx.response().setStatusCode(302).putHeader("Location", "/ui/").end();
    } else {
      ctx.next();
    }
  }
}
