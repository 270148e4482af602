package io.blockline.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Blocking HTTP/1.1 calls to one base URL with java.net.http (keep-alive; one connection per
 * calling thread at most). 429 and 503 answers are retried after their Retry-After, a bounded
 * number of times, and counted.
 */
final class Http implements AutoCloseable {
  private static final int MAX_RETRIES = 50;
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  record Response(int status, String body) {
  }

  private final String base;
  private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "bench-http");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client;
  private final AtomicLong retries = new AtomicLong();

  Http(String base) {
    this.base = base;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .executor(executor)
        .build();
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(DEFAULT_TIMEOUT).GET().build());
  }

  Response post(String path, String json) {
    return post(path, json, DEFAULT_TIMEOUT);
  }

  Response post(String path, String json, Duration timeout) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .build());
  }

  /** Answers of 429/503 retried so far (backpressure seen by the load generator). */
  long retries() {
    return retries.get();
  }

  private Response send(HttpRequest request) {
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new BenchFailure(request.method() + " " + request.uri() + " failed: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchFailure(request.method() + " " + request.uri() + " interrupted", e);
      }
      int status = response.statusCode();
      if ((status == 429 || status == 503) && attempt < MAX_RETRIES) {
        retries.incrementAndGet();
        long waitMs = response.headers().firstValue("Retry-After")
            .map(s -> parseSeconds(s) * 1000).orElse(100L);
        sleep(Math.min(Math.max(waitMs, 10), 5_000));
        continue;
      }
      return new Response(status, response.body());
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

  private URI uri(String path) {
    return URI.create(base + path);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
