package io.blockline.cli;

import picocli.CommandLine.Command;

/** {@code blockline deliveries list|ack}. */
@Command(name = "deliveries", mixinStandardHelpOptions = true, description = "Completion callbacks that are pending or dead.",
    subcommands = {DeliveriesList.class, DeliveriesAck.class})
final class DeliveriesCommand extends CommandGroup {
}
