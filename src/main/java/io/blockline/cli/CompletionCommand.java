package io.blockline.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code blockline completion}: the bash (and zsh) completion script picocli generates from these commands. */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Print a bash/zsh completion script for blockline.",
        "Use: source <(blockline completion)   or save it under /etc/bash_completion.d/blockline"})
final class CompletionCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(AutoComplete.bash("blockline", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
