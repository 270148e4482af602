package io.blockline.chaos;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Blocking HTTP to one node on loopback, for the driver's own thread; failures read as status -1. */
final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final String base;

  Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
  }

  int status(String path) {
    try {
      return send(request(path).timeout(Duration.ofSeconds(2))).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  String getText(String path) {
    try {
      return send(request(path)).body();
    } catch (Exception e) {
      throw new IllegalStateException("GET " + base + path + ": " + e, e);
    }
  }

  JsonObject getJson(String path) {
    return new JsonObject(getText(path));
  }

  /** POSTs JSON; the answer, or null when the node could not be reached. */
  HttpResponse<String> post(String path, String json) {
    try {
      return send(request(path).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)));
    } catch (Exception e) {
      return null;
    }
  }
}
