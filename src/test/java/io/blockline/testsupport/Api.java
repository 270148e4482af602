package io.blockline.testsupport;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A small blocking HTTP client for tests, written linearly on the JUnit thread. */
public final class Api {
  // HTTP/1.1, no h2c upgrade: once in a full run the JDK client's upgrade of a first request hung
  // past its own timeout until the node's idle timeout (330 s). These tests are about the API.
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final java.util.function.IntSupplier port;

  public Api(int port) {
    this(() -> port);
  }

  /** An Api whose port is read at each call (a node that starts later, see {@link TestServer#perClass}). */
  public Api(java.util.function.IntSupplier port) {
    this.port = port;
  }

  /** The node's HTTP base URL, e.g. for requests with headers of their own. */
  public String base() {
    return "http://localhost:" + port.getAsInt();
  }

  /** A response: status, body as JSON (object, array or null), and headers. */
  public record Response(int status, Object body, HttpResponse<String> raw) {
    public JsonObject json() {
      return (JsonObject) body;
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
  }

  /** A GET whose body is not JSON (e.g. /metrics). */
  public HttpResponse<String> getText(String path) {
    try {
      return client.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("HTTP call failed: " + path, e);
    }
  }

  public Response post(String path, Object body) {
    String text = body == null ? "" : body instanceof String s ? s : Json.encode(body);
    return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(text)));
  }

  public Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).DELETE());
  }

  public Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      Object body = text == null || text.isBlank() ? null : Json.decodeValue(text);
      return new Response(response.statusCode(), body, response);
    } catch (Exception e) {
      throw new IllegalStateException("HTTP call failed: " + request.build().uri(), e);
    }
  }

  /** A metric's value from {@code /metrics} (the line that starts with the name and its tags), 0 if absent. */
  public double metric(String name) {
    return getText("/metrics").body().lines().filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.split(" ")[1])).findFirst().orElse(0);
  }

  /** Submits and returns the 201 body; fails the test on any other status. */
  public JsonObject submit(JsonObject session) {
    Response r = post("/v1/sessions", session);
    if (r.status() != 201) {
      throw new AssertionError("submit answered " + r.status() + ": " + r.body());
    }
    return r.json();
  }

  public JsonObject session(String token) {
    return get("/v1/sessions/" + token).json();
  }

  public JsonObject block(String token) {
    return get("/v1/blocks/" + token + "?full=true").json();
  }

  /** Polls the session view until it matches (the condition is on state, not on time). */
  public JsonObject awaitSession(String token, Predicate<JsonObject> condition, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    JsonObject view = session(token);
    while (!condition.test(view)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("session " + token + " never reached the expected state; last view: " + view.encodePrettily());
      }
      sleep(20);
      view = session(token);
    }
    return view;
  }

  public JsonObject awaitStatus(String token, String status) {
    return awaitSession(token, v -> status.equals(v.getString("status")), Duration.ofSeconds(30));
  }

  public static JsonObject blockOf(JsonObject view, String id) {
    for (Object b : view.getJsonArray("blocks")) {
      if (id.equals(((JsonObject) b).getString("id"))) {
        return (JsonObject) b;
      }
    }
    throw new AssertionError("no block " + id + " in " + view.encode());
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static JsonArray array(Object... values) {
    return new JsonArray(java.util.List.of(values));
  }
}
