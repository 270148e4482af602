package io.blockline.cli;

import picocli.CommandLine.Command;

/** {@code blockline sessions list|show|delete}. */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "List and look at sessions.",
    subcommands = {SessionsList.class, SessionsShow.class, SessionsDelete.class})
final class SessionsCommand extends CommandGroup {
}
