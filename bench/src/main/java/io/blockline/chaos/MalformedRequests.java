package io.blockline.chaos;

import io.vertx.core.json.JsonObject;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scenario 5: 2,000 malformed requests of a dozen kinds against a node with API keys on: every
 * answer must be a 4xx problem+json with a detail, none a 5xx, and the node healthy after.
 */
final class MalformedRequests implements Scenario {
  private static final String VALID_BLOCKS = "[{\"handler\":{\"type\":\"builtin\",\"name\":\"noop\"}}]";

  @Override
  public String name() {
    return "malformed-requests";
  }

  @Override
  public JsonObject run(ChaosRun run) throws Exception {
    int total = run.quick ? 500 : 2_000;
    String keyFile = run.workDir.resolve("admin.key").toString();
    Node node = run.node("malformed", run.database.create("chaos_malformed"),
        Map.of("BLOCKLINE_AUTH_ENABLED", "true", "BLOCKLINE_AUTH_ADMIN_KEY_FILE", keyFile));
    String key = Files.readString(java.nio.file.Path.of(keyFile)).trim();
    List<Function<String, Answer>> kinds = kinds(node, key);
    long start = System.nanoTime();
    int clientErrors = 0;
    int withDetail = 0;
    int serverErrors = 0;
    int other = 0;
    for (int i = 0; i < total; i++) {
      Answer answer = kinds.get(i % kinds.size()).apply(key);
      if (answer.status >= 400 && answer.status < 500) {
        clientErrors++;
        if (answer.problemWithDetail()) {
          withDetail++;
        }
      } else if (answer.status >= 500) {
        serverErrors++;
      } else {
        other++;
      }
    }
    boolean healthy = node.http.status("/health") == 200;
    run.stopNodes();
    return new JsonObject().put("requests", total).put("kinds", kinds.size()).put("status4xx", clientErrors)
        .put("with4xxDetail", withDetail).put("status5xx", serverErrors).put("otherStatus", other)
        .put("healthyAfter", healthy).put("seconds", ChaosRun.seconds(start))
        .put("pass", clientErrors == total && withDetail == total && healthy);
  }

  private record Answer(int status, String contentType, String body) {
    boolean problemWithDetail() {
      if (!contentType.startsWith("application/problem+json")) {
        return false;
      }
      try {
        String detail = new JsonObject(body).getString("detail");
        return detail != null && !detail.isBlank();
      } catch (RuntimeException e) {
        return false;
      }
    }
  }

  private static List<Function<String, Answer>> kinds(Node node, String key) {
    String deep = "{\"blocks\":" + "[".repeat(200) + "]".repeat(200) + "}";
    String huge = "{\"name\":\"" + "x".repeat(1_100_000) + "\",\"blocks\":" + VALID_BLOCKS + "}";
    return List.of(
        k -> post(node, "/v1/sessions", "{\"name\": \"unterminated", k),                    // bad JSON
        k -> post(node, "/v1/sessions", "{\"name\": 5, \"blocks\": \"none\"}", k),          // wrong types
        k -> post(node, "/v1/sessions", "{\"name\":\"x\",\"blocks\":" + VALID_BLOCKS + ",\"colour\":\"red\"}", k),
        k -> post(node, "/v1/sessions", huge, k),                                             // over maxBodyBytes
        k -> post(node, "/v1/sessions", deep, k),                                             // over maxJsonDepth
        k -> post(node, "/v1/sessions", "[1,2,3]", k),                                        // not an object
        k -> get(node, "/v1/sessions/s_no-such-session", k),                                 // unknown token
        k -> get(node, "/v1/blocks/%27%3B--", k),                                            // garbage token
        k -> get(node, "/v1/sessions?limit=lots", k),                                        // bad query value
        k -> get(node, "/v1/sessions", "not-a-key"),                                         // bad API key
        k -> get(node, "/v1/sessions", null),                                                // no API key
        k -> post(node, "/v1/sessions/s_x/proceed", "{\"data\": [1]}", k),                 // wrong type, unknown
        k -> raw(node, "GET /v1/sessions HTTP/1.1\r\nHost: x\r\nX-Pad: " + "y".repeat(20_000) + "\r\n\r\n"),
        k -> raw(node, "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),          // request line
        k -> raw(node, "GARBAGE\r\n\r\n"));
  }

  private static Answer post(Node node, String path, String body, String key) {
    return send(node, node.http.request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)), key);
  }

  private static Answer get(Node node, String path, String key) {
    return send(node, node.http.request(path).GET(), key);
  }

  private static Answer send(Node node, HttpRequest.Builder request, String key) {
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    try {
      HttpResponse<String> r = node.http.send(request);
      return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (Exception e) {
      return new Answer(-1, "", e.toString());
    }
  }

  /** Bytes no well-behaved client sends: written on a socket, the answer read back whole. */
  private static Answer raw(Node node, String request) {
    try (Socket socket = new Socket("127.0.0.1", node.port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      int status = Integer.parseInt(response.substring(9, 12));
      String contentType = response.lines().filter(l -> l.toLowerCase().startsWith("content-type:"))
          .map(l -> l.substring(13).trim()).findFirst().orElse("");
      int bodyAt = response.indexOf("\r\n\r\n");
      return new Answer(status, contentType, bodyAt < 0 ? "" : response.substring(bodyAt + 4));
    } catch (Exception e) {
      return new Answer(-1, "", e.toString());
    }
  }
}
