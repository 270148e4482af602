package io.blockline.process;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment a command gets: the server's variables named in {@code handlers.command.env}
 * and nothing else of it, plus a plain {@code PATH} unless that list passes the server's own (the
 * wrapper and a bare executable name need one).
 */
final class CommandEnvironment {
  static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  private CommandEnvironment() {
  }

  static Map<String, String> of(List<String> names, Map<String, String> server) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : names) {
      String value = server.get(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.putIfAbsent("PATH", DEFAULT_PATH);
    return env;
  }
}
