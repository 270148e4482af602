package io.blockline.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code blockline sessions delete TOKEN}: removes a finished session with its blocks and history. */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete a finished session with its blocks, runs, activity and deliveries.")
final class SessionsDelete extends NodeCommand {
  @Parameters(paramLabel = "TOKEN", description = "The session's token")
  String token;

  @Override
  int run(NodeClient node) {
    node.delete("/v1/sessions/" + token(token));
    if (!printedJson(new JsonObject().put("token", token).put("deleted", true))) {
      out().println("deleted session " + token);
      out().flush();
    }
    return 0;
  }
}
