package io.blockline.cli;

import picocli.CommandLine.Command;

/** {@code blockline blocks show}. */
@Command(name = "blocks", mixinStandardHelpOptions = true, description = "Look at blocks.", subcommands = BlocksShow.class)
final class BlocksCommand extends CommandGroup {
}
