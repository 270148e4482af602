package io.blockline.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What every command that talks to a node shares: {@code --url} (else {@code BLOCKLINE_URL},
 * else {@code http://localhost:8080}), {@code --key} (else {@code BLOCKLINE_KEY}), {@code --json} for scripts, and the writers picocli was
 * given, so tests read what a person would see.
 */
abstract class NodeCommand implements Callable<Integer> {
  static final String DEFAULT_URL = "http://localhost:8080";

  @Option(names = "--url", paramLabel = "URL",
      description = "The node's base URL (default: $BLOCKLINE_URL, else " + DEFAULT_URL + ")")
  String url;

  @Option(names = "--json", description = "Print the node's JSON answer instead of a table")
  boolean json;

  @Option(names = "--key", paramLabel = "KEY",
      description = "API key sent as Authorization: Bearer, for a node with auth.enabled (default: $BLOCKLINE_KEY)")
  String key;

  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() {
    return run(new NodeClient(baseUrl(), apiKey()));
  }

  /** Does the command's work; returns the exit code (a {@link CliFailure} for the failing ones). */
  abstract int run(NodeClient node);

  String baseUrl() {
    if (url != null && !url.isBlank()) {
      return url;
    }
    String env = System.getenv("BLOCKLINE_URL");
    return env != null && !env.isBlank() ? env : DEFAULT_URL;
  }

  /** The key to send, or null: {@code --key}, else {@code BLOCKLINE_KEY}. */
  String apiKey() {
    if (key != null && !key.isBlank()) {
      return key.trim();
    }
    String env = System.getenv("BLOCKLINE_KEY");
    return env != null && !env.isBlank() ? env.trim() : null;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** The JSON as it came (with --json), pretty-printed; true when printed. */
  boolean printedJson(JsonObject body) {
    if (json) {
      out().println(body.encodePrettily());
      out().flush();
    }
    return json;
  }

  /** A path with its query string; null values are left out, others URL-encoded. */
  static String path(String path, Map<String, Object> query) {
    StringBuilder built = new StringBuilder(path);
    char separator = '?';
    for (Map.Entry<String, Object> e : query.entrySet()) {
      if (e.getValue() != null) {
        built.append(separator).append(e.getKey()).append('=')
            .append(URLEncoder.encode(e.getValue().toString(), StandardCharsets.UTF_8));
        separator = '&';
      }
    }
    return built.toString();
  }

  static Map<String, Object> query() {
    return new LinkedHashMap<>();
  }

  /** A token as a path segment: refused here when it could not be one, rather than sent mangled. */
  static String token(String token) {
    if (!token.matches("[A-Za-z0-9_-][A-Za-z0-9_.-]*")) {
      throw new CliFailure(CliFailure.USAGE, "'" + token + "' is not a token (letters, digits, -, _ and ., not starting with .)");
    }
    return token;
  }
}
