package io.blockline.bus;

import io.blockline.api.ProblemException;
import io.blockline.session.PreparedSession;
import io.blockline.session.SubmissionParser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The mock generator: N sessions of M builtin blocks mixing require, blocker, replayable and
 * dataset, with a share of failing blocks, for demos and load. Goes through the normal submit.
 */
final class MockSessions {
  private static final int MAX_SESSIONS = 10_000;
  private final SubmissionParser parser;
  private final Consumer<PreparedSession> submit;
  private final Random random = new Random();

  MockSessions(SubmissionParser parser, Consumer<PreparedSession> submit) {
    this.parser = parser;
    this.submit = submit;
  }

  Future<JsonObject> create(JsonObject body) {
    JsonArray errors = new JsonArray();
    int sessions = intField(body, "sessions", 1, 1, MAX_SESSIONS, errors);
    int blocks = intField(body, "blocks", 3, 1, 1000, errors);
    double failRate = body.getValue("failRate") instanceof Number n ? n.doubleValue() : 0.1;
    if (failRate < 0 || failRate > 1) {
      errors.add(new JsonObject().put("field", "failRate").put("message", "must be between 0 and 1"));
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(ProblemException.badRequest(errors));
    }
    List<Future<JsonObject>> receipts = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      PreparedSession prepared = new PreparedSession(parser.parse(session(s, blocks, failRate)));
      submit.accept(prepared);
      receipts.add(prepared.reply.future());
    }
    return Future.all(receipts).map(all -> {
      JsonArray tokens = new JsonArray();
      receipts.forEach(r -> tokens.add(r.result().getString("token")));
      return new JsonObject().put("sessions", tokens);
    });
  }

  private JsonObject session(int index, int blocks, double failRate) {
    JsonArray list = new JsonArray();
    for (int b = 0; b < blocks; b++) {
      JsonObject block = new JsonObject().put("id", "mock-" + (b + 1));
      boolean fails = random.nextDouble() < failRate;
      if (fails) {
        block.put("handler", builtin("fail")).put("params", new JsonObject().put("message", "mock failure"));
      } else {
        block.put("handler", builtin(random.nextInt(4) == 0 ? "echo" : "noop"))
            .put("params", new JsonObject().put("n", b));
      }
      if (b > 0 && random.nextInt(3) == 0) {
        block.put("require", new JsonArray().add("mock-" + (1 + random.nextInt(b))));
      }
      switch (random.nextInt(6)) {
        case 0 -> block.put("blocker", true);
        case 1 -> block.put("retry", new JsonObject().put("maxAttempts", 3).put("initialDelayMs", 1000).put("multiplier", 2.0));
        case 2 -> block.put("dataset", new JsonArray().add(new JsonObject().put("i", 1)).add(new JsonObject().put("i", 2)));
        default -> { }
      }
      list.add(block);
    }
    return new JsonObject().put("name", "mock " + (index + 1)).put("owner", "mock").put("blocks", list);
  }

  private static JsonObject builtin(String name) {
    return new JsonObject().put("type", "builtin").put("name", name);
  }

  private static int intField(JsonObject body, String field, int fallback, int min, int max, JsonArray errors) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.intValue() >= min && n.intValue() <= max && n.doubleValue() == n.intValue()) {
      return n.intValue();
    }
    errors.add(new JsonObject().put("field", field).put("message", "must be a whole number between " + min + " and " + max));
    return fallback;
  }
}
