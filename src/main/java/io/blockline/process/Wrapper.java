package io.blockline.process;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /bin/sh} script every command runs under, started by {@code setsid} so that it
 * leads a new session and process group (a signal to the group reaches every process the command
 * starts), in the run's {@code work/} directory, which the command inherits. Its arguments are
 * the run directory, the output cap and the command line, never spliced into the script, so no
 * argument is ever parsed by a shell. It:
 * <ol>
 *   <li>waits for the node's {@code go} on its stdin, sent once the node has recorded the process:
 *       if the node dies first, stdin ends and the command never starts, so a block is never run
 *       by a process nobody knows of;</li>
 *   <li>runs the command with stdin from {@code /dev/null}, its stdout and stderr through FIFOs
 *       to two capture loops that write through at once the first {@code cap} bytes of each,
 *       drain the rest (a full pipe never stops the command) and flag a stream that went over;</li>
 *   <li>waits for both streams to close, then writes the exit marker {@code "<exit code>
 *       <finish time, epoch ms>"} atomically (a temporary file, then {@code mv}).</li>
 * </ol>
 * Its own tools come from {@link #TOOLS_PATH}; the command gets the {@code PATH} of its environment.
 */
final class Wrapper {
  static final String SETSID = firstExisting("/usr/bin/setsid", "/bin/setsid");
  static final String SH = "/bin/sh";
  static final String TOOLS_PATH = "/usr/bin:/bin";
  /** What the script runs besides shell built-ins (GNU coreutils: {@code head -c}, {@code date +%3N}). */
  static final List<String> TOOLS = List.of("mkfifo", "stdbuf", "head", "wc", "date", "mv", "rm");
  /** The exit status when the wrapper gave up before starting the command. */
  static final int NOT_STARTED = 125;

  private static final String SCRIPT = String.join("\n",
      "dir=$1; cap=$2; shift 2",
      "command_path=$PATH; PATH=" + TOOLS_PATH,
      "mkfifo \"$dir/stdout.pipe\" \"$dir/stderr.pipe\" || exit " + NOT_STARTED,
      "IFS= read -r go || exit " + NOT_STARTED,
      "[ \"$go\" = go ] || exit " + NOT_STARTED,
      "capture() {",
      "  stdbuf -o0 head -c \"$cap\" > \"$dir/$1\"",
      "  if [ \"$(wc -c)\" -ne 0 ]; then : > \"$dir/$1.truncated\"; fi",
      "}",
      "capture stdout < \"$dir/stdout.pipe\" &",
      "capture stderr < \"$dir/stderr.pipe\" &",
      "(PATH=$command_path; exec \"$@\") > \"$dir/stdout.pipe\" 2> \"$dir/stderr.pipe\" < /dev/null",
      "code=$?",
      "wait",
      "rm -f \"$dir/stdout.pipe\" \"$dir/stderr.pipe\"",
      "printf '%s %s\\n' \"$code\" \"$(date +%s%3N)\" > \"$dir/exit.tmp\" && mv -f \"$dir/exit.tmp\" \"$dir/exit\"",
      "exit \"$code\"");

  private Wrapper() {
  }

  /** The full command line that starts {@code command} under the wrapper. */
  static List<String> commandLine(RunDirectory dir, long maxOutputBytes, List<String> command) {
    List<String> line = new ArrayList<>(List.of(SETSID, SH, "-c", SCRIPT, "blockline-command", dir.toString(),
        Long.toString(maxOutputBytes)));
    line.addAll(command);
    return line;
  }

  private static String firstExisting(String... paths) {
    for (String path : paths) {
      if (new java.io.File(path).canExecute()) {
        return path;
      }
    }
    return paths[0];
  }
}
