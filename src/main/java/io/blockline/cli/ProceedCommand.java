package io.blockline.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code blockline proceed TOKEN --data JSON}: a PAUSED session continues with data merged in. */
@Command(name = "proceed", mixinStandardHelpOptions = true,
    description = "Continue a PAUSED session; --data is merged into the interrupting block's result.")
final class ProceedCommand extends NodeCommand {
  @Parameters(paramLabel = "TOKEN", description = "The session's token")
  String token;

  @Option(names = "--data", paramLabel = "JSON", defaultValue = "{}",
      description = "A JSON object merged into the interrupting block's result (default: ${DEFAULT-VALUE})")
  String data;

  @Override
  int run(NodeClient node) {
    JsonObject session = node.post("/v1/sessions/" + token(token) + "/proceed", new JsonObject().put("data", object(data)));
    if (!printedJson(session)) {
      out().println("proceeded session " + session.getString("token") + ": now " + session.getString("status"));
      out().flush();
    }
    return 0;
  }

  private static JsonObject object(String text) {
    try {
      if (Json.decodeValue(text) instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException e) {
      throw new CliFailure(CliFailure.USAGE, "--data is not valid JSON: " + e.getMessage().split("\n")[0]);
    }
    throw new CliFailure(CliFailure.USAGE, "--data must be a JSON object, e.g. '{\"approved\":true}'");
  }
}
