package io.blockline.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
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
 * HTTP/1.1 calls to one base URL on a Vert.x HTTP client (keep-alive, one event loop): blocking
 * calls for the load threads of {@link Load}, and {@link #postAll} for the submit loads, which
 * keeps its lanes going from the event loop without a thread each. The load generator shares the
 * machine with the server and must cost as little CPU as it can (java.net.http spent about as
 * much CPU per call as the server). 429 and 503 answers are retried after their Retry-After, a
 * bounded number of times, and counted.
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
      long waitMs = retryDelayMs(response, attempt);
      if (waitMs < 0) {
        return response;
      }
      sleep(waitMs);
    }
  }

  /**
   * One exchange, built and completed on the client's event loop (futures created from the load
   * threads once left a response unnoticed), awaited here with a hard bound.
   */
  private Response call(HttpMethod method, String uri, String json, Duration timeout) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    context.runOnContext(v -> exchange(method, uri, json, timeout).onComplete(ar -> {
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

  /** One exchange; call it on the client's event loop. */
  private Future<Response> exchange(HttpMethod method, String uri, String json, Duration timeout) {
    return client.request(new RequestOptions().setMethod(method).setURI(uri).setIdleTimeout(timeout.toMillis()))
        .compose(request -> {
          if (json == null) {
            return request.send();
          }
          request.putHeader("Content-Type", "application/json");
          return request.send(Buffer.buffer(json));
        })
        .compose(r -> r.body().map(b -> new Response(r.statusCode(), b.toString(), r.getHeader("Retry-After"))));
  }

  /**
   * POSTs {@code n} bodies with at most {@code lanes} in flight, without a thread per lane: each
   * answer sends the lane's next request from the event loop (the cheapest load generator, so that
   * the machine's two cores go to the server and its database). 429/503 answers are retried after
   * their Retry-After.
   *
   * @param onAnswer called on the event loop with the index and the answer; may throw to stop
   * @return each call's duration in milliseconds, by index
   */
  double[] postAll(String path, int n, int lanes, java.util.function.IntFunction<String> body,
                   java.util.function.BiConsumer<Integer, Response> onAnswer, Duration deadline) {
    double[] millis = new double[n];
    CompletableFuture<Void> done = new CompletableFuture<>();
    String uri = base.getRawPath() + path;
    context.runOnContext(v -> {
      int[] next = {0};
      int[] finished = {0};
      Runnable[] lane = new Runnable[1];
      lane[0] = () -> {
        if (done.isDone() || next[0] >= n) {
          return;
        }
        int i = next[0]++;
        sendOne(uri, body.apply(i), System.nanoTime(), 0, (response, started) -> {
          millis[i] = (System.nanoTime() - started) / 1e6;
          onAnswer.accept(i, response);
          if (++finished[0] == n) {
            done.complete(null);
          } else {
            lane[0].run();
          }
        }, done);
      };
      for (int l = 0; l < Math.min(lanes, n); l++) {
        lane[0].run();
      }
    });
    try {
      done.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof BenchFailure b ? b : new BenchFailure("POST " + uri + " failed: " + cause, cause);
    } catch (TimeoutException e) {
      done.cancel(false);
      throw new BenchFailure(n + " POSTs to " + uri + " did not finish within " + deadline.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("interrupted", e);
    }
    return millis;
  }

  private void sendOne(String uri, String json, long started, int attempt,
                       java.util.function.BiConsumer<Response, Long> then, CompletableFuture<Void> done) {
    exchange(HttpMethod.POST, uri, json, DEFAULT_TIMEOUT).onComplete(ar -> {
      if (done.isDone()) {
        return;
      }
      if (ar.failed()) {
        done.completeExceptionally(new BenchFailure("POST " + uri + " failed: " + ar.cause(), ar.cause()));
        return;
      }
      Response response = ar.result();
      long waitMs = retryDelayMs(response, attempt);
      if (waitMs >= 0) {
        vertx.setTimer(waitMs, id -> sendOne(uri, json, started, attempt + 1, then, done));
        return;
      }
      try {
        then.accept(response, started);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
  }

  /** How long to wait before retrying a 429/503 answer (counted), or -1 to take the answer as it is. */
  private long retryDelayMs(Response response, int attempt) {
    if ((response.status() != 429 && response.status() != 503) || attempt >= MAX_RETRIES) {
      return -1;
    }
    retries.incrementAndGet();
    long waitMs = response.retryAfter() == null ? 100 : parseSeconds(response.retryAfter()) * 1000;
    return Math.min(Math.max(waitMs, 10), 5_000);
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
