package io.blockline.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code blockline keys revoke PREFIX}. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = "Revoke an API key by its prefix; nodes refuse it within auth.cacheMs.")
final class KeysRevoke extends NodeCommand {
  @Parameters(paramLabel = "PREFIX", description = "The key's 8-character prefix (blk_<prefix>_…)")
  String prefix;

  @Override
  int run(NodeClient node) {
    if (!prefix.matches("[0-9a-f]{8}")) {
      throw new CliFailure(CliFailure.USAGE, "'" + prefix + "' is not a key prefix (8 hex characters)");
    }
    JsonObject revoked = node.delete("/v1/keys/" + prefix);
    if (!printedJson(revoked)) {
      out().println("key " + prefix + " revoked");
      out().flush();
    }
    return 0;
  }
}
