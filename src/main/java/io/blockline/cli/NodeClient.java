package io.blockline.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The CLI's only way to a node: blocking calls to its HTTP API (the CLI has no event loop to
 * keep free). Answers come back as JSON; problems and transport failures become
 * {@link CliFailure}s with the exit code they stand for and a one-line reason.
 */
final class NodeClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Long enough for a {@code ?wait} of the API's maximum (5 min) to answer. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(6);

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

  /** Sent as {@code Authorization: Bearer}; null sends none. */
  private final String apiKey;

  NodeClient(String base) {
    this(base, null);
  }

  NodeClient(String base, String apiKey) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.apiKey = apiKey;
  }

  String base() {
    return base;
  }

  /** A JSON answer with its status (2xx, or 503 for /health, which answers a body either way). */
  record Answer(int status, JsonObject body) {
  }

  JsonObject get(String path) {
    return checked(send(request(path).GET())).body();
  }

  JsonObject post(String path, Object body) {
    String text = body == null ? "" : Json.encode(body);
    return checked(send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(text)))).body();
  }

  /** A POST answered 2xx, with its status (a submit with {@code ?wait} answers 200 or 202). */
  Answer postForAnswer(String path, String json) {
    return checked(send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))));
  }

  /** A DELETE; its JSON answer, or an empty object for a 204. */
  JsonObject delete(String path) {
    JsonObject body = checked(send(request(path).DELETE())).body();
    return body == null ? new JsonObject() : body;
  }

  /** Any answer of {@code /health}: its 503 is a verdict, not a failure. */
  Answer health() {
    Answer answer = send(request("/health").GET());
    if (answer.status() != 200 && answer.status() != 503) {
      throw problem(answer, "/health");
    }
    return answer;
  }

  /** The lines of a server-sent event stream; closing the stream closes the connection. */
  Stream<String> lines(String path) {
    HttpRequest request = authorized(HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream")).GET().build();
    HttpResponse<Stream<String>> response = transport(path, () -> http.send(request, HttpResponse.BodyHandlers.ofLines()));
    if (response.statusCode() != 200) {
      String text = String.join("\n", response.body().toList());
      throw problem(new Answer(response.statusCode(), parse(text)), path);
    }
    return response.body();
  }

  private HttpRequest.Builder request(String path) {
    return authorized(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json"));
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return apiKey == null ? request : request.header("Authorization", "Bearer " + apiKey);
  }

  private URI uri(String path) {
    try {
      return URI.create(base + path);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(CliFailure.USAGE, "--url " + base + " is not a valid URL: " + e.getMessage());
    }
  }

  private Answer send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    HttpResponse<String> response = transport(built.uri().getPath(),
        () -> http.send(built, HttpResponse.BodyHandlers.ofString()));
    return new Answer(response.statusCode(), parse(response.body()));
  }

  private Answer checked(Answer answer) {
    if (answer.status() / 100 != 2) {
      throw problem(answer, null);
    }
    return answer;
  }

  private interface Call<T> {
    T run() throws IOException, InterruptedException;
  }

  /** Runs one exchange; a transport failure becomes exit code 3 with a one-line reason. */
  private <T> T transport(String path, Call<T> call) {
    try {
      return call.run();
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      throw unreachable("no answer to " + path + " within " + REQUEST_TIMEOUT.toMinutes() + " min");
    } catch (ConnectException e) {
      throw unreachable("connection refused");
    } catch (IOException e) {
      throw unreachable(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    } catch (UnresolvedAddressException e) {
      throw unreachable("unknown host");
    } catch (IllegalArgumentException e) {
      throw new CliFailure(CliFailure.USAGE, "--url " + base + " is not a valid URL: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted");
    }
  }

  private CliFailure unreachable(String reason) {
    return new CliFailure(CliFailure.UNREACHABLE, "cannot reach " + base + ": " + reason);
  }

  /** A problem+json answer as one line (every invalid field named) and the exit code for its status. */
  private static CliFailure problem(Answer answer, String path) {
    JsonObject body = answer.body();
    String detail = body != null && body.getString("detail") != null ? body.getString("detail")
        : "HTTP " + answer.status() + (path == null ? "" : " from " + path);
    JsonArray errors = body == null ? null : body.getJsonArray("errors");
    if (errors != null && errors.size() > 1) {
      StringBuilder all = new StringBuilder(detail);
      errors.forEach(e -> all.append("\n  ").append(((JsonObject) e).getString("field")).append(": ")
          .append(((JsonObject) e).getString("message")));
      detail = all.toString();
    }
    int code = switch (answer.status()) {
      case 400, 413 -> CliFailure.USAGE;
      case 503 -> CliFailure.UNREACHABLE;
      default -> CliFailure.FAILED;
    };
    return new CliFailure(code, detail, answer.status());
  }

  /** The body as a JSON object; anything else (empty, HTML of a proxy) is null. */
  private static JsonObject parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Json.decodeValue(text) instanceof JsonObject object ? object : null;
    } catch (DecodeException e) {
      return null;
    }
  }
}
