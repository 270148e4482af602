package io.blockline.cli;

import picocli.CommandLine.Command;

/** {@code blockline keys create|list|revoke}: API keys of a node with auth.enabled, with an admin key. */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "API keys (a node with auth.enabled; needs an admin --key).",
    subcommands = {KeysCreate.class, KeysList.class, KeysRevoke.class})
final class KeysCommand extends CommandGroup {
}
