package io.blockline.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code blockline watch TOKEN}: follows a session live from its event stream until it rests.
 * Exits 0 when it succeeded or paused for a proceed, 1 when it ended in ERROR, BLOCKER or CANCELLED.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = "Follow a session live until it ends; exit code 1 when it ends ERROR, BLOCKER or CANCELLED.")
final class WatchCommand extends NodeCommand {
  private static final Set<String> RESTING = Set.of("PAUSED", "SUCCESS", "ERROR", "BLOCKER", "CANCELLED");
  private static final Set<String> GOOD = Set.of("PAUSED", "SUCCESS");

  @Parameters(paramLabel = "TOKEN", description = "The session's token")
  String token;

  private String finalStatus;

  @Override
  int run(NodeClient node) {
    try (Stream<String> lines = node.lines("/v1/sessions/" + token(token) + "/events")) {
      boolean ended = ServerSentEvents.read(lines.iterator(), this::show);
      if (!ended) {
        throw new CliFailure(CliFailure.UNREACHABLE, "the event stream of " + token + " closed before the session ended");
      }
    }
    if ("PAUSED".equals(finalStatus) && !json) {
      out().println("paused: continue with blockline proceed " + token + " --data '{...}'");
    } else if (!GOOD.contains(finalStatus) && !json) {
      explainFailure(node);
    }
    out().flush();
    return GOOD.contains(finalStatus) ? 0 : CliFailure.FAILED;
  }

  /** Events carry statuses only: the errors and reasons of the blocks that did not succeed come from the view. */
  private void explainFailure(NodeClient node) {
    node.get("/v1/sessions/" + token).getJsonArray("blocks").forEach(o -> {
      JsonObject b = (JsonObject) o;
      String trouble = Human.trouble(b);
      if (trouble != null && !"SUCCESS".equals(b.getString("status"))) {
        out().printf("  %-20s %-9s %s%n", b.getString("id"), b.getString("status"), trouble);
      }
    });
  }

  /** Prints one event; true once the session rests. */
  private boolean show(JsonObject event) {
    String type = event.getString("type", "");
    if (json) {
      out().println(event.encode());
    } else {
      print(type, event);
    }
    out().flush();
    String status = event.getString("status");
    boolean sessionState = "session.snapshot".equals(type) || "session.status".equals(type);
    if (sessionState && RESTING.contains(status)) {
      finalStatus = status;
      return true;
    }
    return false;
  }

  private void print(String type, JsonObject event) {
    switch (type) {
      case "session.snapshot" -> {
        JsonObject session = event.getJsonObject("session");
        out().println("session " + session.getString("token") + (session.getString("name") == null ? ""
            : " \"" + session.getString("name") + "\"") + ": " + session.getString("status"));
        session.getJsonArray("blocks").forEach(o -> {
          JsonObject b = (JsonObject) o;
          String trouble = Human.trouble(b);
          out().printf("  %-20s %-9s%s%n", b.getString("id"), b.getString("status"), trouble == null ? "" : "  " + trouble);
        });
      }
      case "session.status" -> out().printf("%s  session              %s%n", Human.clock(event.getString("at")),
          event.getString("status"));
      case "block.status" -> out().printf("%s  block %-14s %s%n", Human.clock(event.getString("at")),
          event.getString("blockId"), event.getString("status"));
      case "block.activity" -> out().printf("%s  block %-14s %-8s %s%n", Human.clock(event.getString("at")),
          event.getString("blockId"), event.getString("level"), event.getString("line"));
      default -> out().printf("%s  %s%n", Human.clock(event.getString("at")), event.encode());
    }
  }
}
