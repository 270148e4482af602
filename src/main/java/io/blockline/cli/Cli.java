package io.blockline.cli;

import picocli.CommandLine;

import java.util.List;

/**
 * The operators' commands, added beside {@code serve} to the root command line. They reach a node
 * only through its HTTP API; a {@link CliFailure} becomes a one-line message on stderr and its exit
 * code (1 failed or not found, 2 usage, 3 unreachable), picocli's parse errors exit 2.
 */
public final class Cli {
  private static final List<Class<?>> COMMANDS = List.of(SessionsCommand.class, BlocksCommand.class, ReplayCommand.class,
      CancelCommand.class, ProceedCommand.class, RunCommand.class, SubmitCommand.class, WatchCommand.class,
      MockCommand.class, DeliveriesCommand.class, KeysCommand.class, OverviewCommand.class, HealthCommand.class, CompletionCommand.class);

  private Cli() {
  }

  /** Adds the commands to {@code root} and maps their failures to exit codes. */
  public static CommandLine install(CommandLine root) {
    COMMANDS.forEach(root::addSubcommand);
    root.setExecutionExceptionHandler((failure, commandLine, parsed) -> {
      if (failure instanceof CliFailure expected) {
        commandLine.getErr().println("blockline: " + expected.getMessage());
        commandLine.getErr().flush();
        return expected.exitCode();
      }
      throw failure;
    });
    return root;
  }
}
