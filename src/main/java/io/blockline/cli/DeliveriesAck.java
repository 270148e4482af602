package io.blockline.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code blockline deliveries ack SESSION}: stops a session's pending deliveries and marks its dead ones seen. */
@Command(name = "ack", mixinStandardHelpOptions = true,
    description = "Acknowledge a session's deliveries: pending ones stop, dead ones are marked seen.")
final class DeliveriesAck extends NodeCommand {
  @Parameters(paramLabel = "SESSION", description = "The session's token")
  String session;

  @Override
  int run(NodeClient node) {
    JsonObject deliveries = node.post("/v1/sessions/" + token(session) + "/deliveries/ack", null);
    if (!printedJson(deliveries)) {
      long acked = deliveries.getJsonArray("items").stream().filter(d -> "ACKED".equals(((JsonObject) d).getString("status"))).count();
      out().println("session " + session + ": " + acked + " of " + deliveries.getJsonArray("items").size()
          + " deliveries acknowledged");
      out().flush();
    }
    return 0;
  }
}
