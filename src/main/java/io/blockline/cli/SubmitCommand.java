package io.blockline.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code blockline submit FILE|-}: submits a session body (API.md's submit JSON) from a file or stdin. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Submit a session: the JSON body of POST /v1/sessions, from FILE or - (stdin).")
final class SubmitCommand extends NodeCommand {
  @Parameters(paramLabel = "FILE|-", description = "The session's JSON, or - to read it from stdin")
  String file;

  @Option(names = "--wait", paramLabel = "DURATION",
      description = "Answer once the session rests or the wait runs out (30s, 1500ms, 2m; at most 5m)")
  String waitFor;

  @Override
  int run(NodeClient node) {
    String text = read();
    try {
      if (!(Json.decodeValue(text) instanceof JsonObject)) {
        throw new CliFailure(CliFailure.USAGE, source() + " must hold a JSON object (a session)");
      }
    } catch (DecodeException e) {
      throw new CliFailure(CliFailure.USAGE, source() + " is not valid JSON: " + e.getMessage().split("\n")[0]);
    }
    String path = waitFor == null ? "/v1/sessions" : path("/v1/sessions", java.util.Map.of("wait", waitFor));
    NodeClient.Answer answer = node.postForAnswer(path, text);
    JsonObject body = answer.body();
    if (printedJson(body)) {
      return 0;
    }
    if (answer.status() == 200) {
      out().println("session " + body.getString("token") + " ended " + body.getString("status")
          + " (" + Human.duration(body.getLong("durationMs")) + ")");
    } else {
      out().println((answer.status() == 202 ? "session " + body.getString("token") + " still " + body.getString("status")
          + " when the wait ran out" : "submitted session " + body.getString("token") + ": " + body.getString("status")));
    }
    Table table = new Table("ID", "TOKEN", "STATUS");
    body.getJsonArray("blocks").forEach(o -> {
      JsonObject b = (JsonObject) o;
      table.row(b.getString("id"), b.getString("token"), b.getString("status"));
    });
    table.print(out());
    return 0;
  }

  private String read() {
    try {
      if ("-".equals(file)) {
        return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new CliFailure(CliFailure.USAGE, "cannot read " + file + ": no such file");
    } catch (IOException e) {
      throw new CliFailure(CliFailure.USAGE, "cannot read " + source() + ": " + e.getMessage());
    }
  }

  private String source() {
    return "-".equals(file) ? "stdin" : file;
  }
}
