package io.blockline.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Blocking HTTP/1.1 calls to one base URL, for the load threads of {@link Load}: a Vert.x HTTP
 * client underneath (keep-alive, one pooled connection per calling thread at most), chosen because
 * the load generator shares the machine with the server and must cost as little CPU as it can
 * (java.net.http spent about as much CPU per call as the server). 429 and 503 answers are retried
 * after their Retry-After, a bounded number of times, and counted.
 */
final class Http implements AutoCloseable {
  private static final int MAX_RETRIES = 50;
  private static final int MAX_CONNECTIONS = 64;
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  record Response(int status, String body, String retryAfter) {
    Response(int status, String body) {
      this(status, body, null);
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final Context context;
  private final URI base;
  private final AtomicLong retries = new AtomicLong();

  Http(String base) {
    this.base = URI.create(base);
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
    this.client = vertx.createHttpClient(new HttpClientOptions()
            .setDefaultHost(this.base.getHost())
            .setDefaultPort(this.base.getPort())
            .setKeepAlive(true)
            .setConnectTimeout(5_000),
        new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
    this.context = vertx.getOrCreateContext();
  }

  Response get(String path) {
    return send(HttpMethod.GET, path, null, DEFAULT_TIMEOUT);
  }

  Response post(String path, String json) {
    return post(path, json, DEFAULT_TIMEOUT);
  }

  Response post(String path, String json, Duration timeout) {
    return send(HttpMethod.POST, path, json, timeout);
  }

  /** Answers of 429/503 retried so far (backpressure seen by the load generator). */
  long retries() {
    return retries.get();
  }

  private Response send(HttpMethod method, String path, String json, Duration timeout) {
    String uri = base.getRawPath() + path;
    for (int attempt = 0; ; attempt++) {
      Response response = call(method, uri, json, timeout);
      int status = response.status();
      if ((status == 429 || status == 503) && attempt < MAX_RETRIES) {
        retries.incrementAndGet();
        long waitMs = response.retryAfter() == null ? 100 : parseSeconds(response.retryAfter()) * 1000;
        sleep(Math.min(Math.max(waitMs, 10), 5_000));
        continue;
      }
      return response;
    }
  }

  /**
   * One exchange, built and completed on the client's event loop (futures created from the load
   * threads once left a response unnoticed), awaited here with a hard bound.
   */
  private Response call(HttpMethod method, String uri, String json, Duration timeout) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    context.runOnContext(v -> client.request(new RequestOptions().setMethod(method).setURI(uri)
            .setIdleTimeout(timeout.toMillis()))
        .compose(request -> {
          if (json == null) {
            return request.send();
          }
          request.putHeader("Content-Type", "application/json");
          return request.send(Buffer.buffer(json));
        })
        .compose(r -> r.body().map(b -> new Response(r.statusCode(), b.toString(), r.getHeader("Retry-After"))))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            result.complete(ar.result());
          } else {
            result.completeExceptionally(ar.cause());
          }
        }));
    try {
      return result.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new BenchFailure(method + " " + uri + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new BenchFailure(method + " " + uri + " got no answer within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure(method + " " + uri + " interrupted", e);
    }
  }

  private static long parseSeconds(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("interrupted", e);
    }
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
