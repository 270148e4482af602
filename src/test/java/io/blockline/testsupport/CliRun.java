package io.blockline.testsupport;

import io.blockline.Main;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the blockline CLI, in this JVM: the same root command line {@code main} builds
 * (parsing, commands, exit-code mapping, HTTP to a real node), with stdout and stderr captured.
 */
public record CliRun(int exitCode, String out, String err) {

  public static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Against a node: {@code --url} is added after the command words. */
  public static CliRun against(Api api, String... args) {
    String[] withUrl = new String[args.length + 2];
    System.arraycopy(args, 0, withUrl, 0, args.length);
    withUrl[args.length] = "--url";
    withUrl[args.length + 1] = api.base();
    return run(withUrl);
  }

  public JsonObject json() {
    return new JsonObject(out);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
  }
}
