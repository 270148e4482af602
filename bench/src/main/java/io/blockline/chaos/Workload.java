package io.blockline.chaos;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Submits a scenario's sessions: parallel sessions of replayable {@code sleep} blocks, each submit
 * with an Idempotency-Key, so one whose node died before answering is sent again to another node
 * without creating a second session. Only sessions acknowledged (201 or replayed 200) are counted.
 */
final class Workload {
  private Workload() {
  }

  static JsonObject session(int index, int blocks, long sleepMs) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < blocks; i++) {
      list.add(new JsonObject().put("id", "b" + i)
          .put("handler", new JsonObject().put("type", "builtin").put("name", "sleep"))
          .put("params", new JsonObject().put("ms", sleepMs))
          .put("replayable", true)
          .put("retry", new JsonObject().put("maxAttempts", 20).put("initialDelayMs", 200).put("multiplier", 2.0)
              .put("maxDelayMs", 2_000)));
    }
    return new JsonObject().put("name", "chaos-" + index).put("mode", "parallel").put("blocks", list);
  }

  /** Submits {@code sessions} sessions, each to the node {@code pick} gives (a live one); @return their tokens. */
  static List<String> submit(String runId, int sessions, int blocksEach, long sleepMs, Supplier<Node> pick) {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      String body = session(i, blocksEach, sleepMs).encode();
      String key = runId + "-" + i;
      String token = null;
      for (int attempt = 0; token == null; attempt++) {
        if (attempt == 200) {
          throw new IllegalStateException("session " + i + " could not be submitted to any node");
        }
        Node node = pick.get();
        try {
          HttpResponse<String> answer = node.http.send(node.http.request("/v1/sessions")
              .header("Content-Type", "application/json").header("Idempotency-Key", key)
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
          if (answer.statusCode() == 201 || answer.statusCode() == 200) {
            token = new JsonObject(answer.body()).getString("token");
          } else {
            ChildProcesses.sleep(100);
          }
        } catch (Exception unreachable) {
          ChildProcesses.sleep(100);
        }
      }
      tokens.add(token);
    }
    return tokens;
  }
}
