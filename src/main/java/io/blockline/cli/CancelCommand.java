package io.blockline.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code blockline cancel TOKEN}: cancels a session, or a block when the token is a block's.
 * Tokens are opaque, so the CLI asks for a session first and a block when there is none.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = "Cancel a session (running blocks are told to stop) or, given a block's token, one block.")
final class CancelCommand extends NodeCommand {
  @Parameters(paramLabel = "TOKEN", description = "A session's or a block's token")
  String token;

  @Override
  int run(NodeClient node) {
    JsonObject answer;
    String what;
    try {
      answer = node.post("/v1/sessions/" + token(token) + "/cancel", null);
      what = "session";
    } catch (CliFailure notSession) {
      if (notSession.httpStatus() != 404) {
        throw notSession;
      }
      try {
        answer = node.post("/v1/blocks/" + token + "/cancel", null);
      } catch (CliFailure notBlock) {
        if (notBlock.httpStatus() == 404) {
          throw new CliFailure(CliFailure.FAILED, "no session or block " + token);
        }
        throw notBlock;
      }
      what = "block " + answer.getString("id");
    }
    if (!printedJson(answer)) {
      out().println("cancelled " + what + " (" + answer.getString("token") + "): now " + answer.getString("status"));
      out().flush();
    }
    return 0;
  }
}
