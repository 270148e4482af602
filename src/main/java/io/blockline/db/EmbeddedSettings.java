package io.blockline.db;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's extra server settings for the embedded PostgreSQL ({@code embedded.settings}),
 * each {@code name=value}. They reach the server through pg_ctl's shell, so a value travels
 * single-quoted and may not hold a quote itself; the durability settings cannot be turned off.
 */
public final class EmbeddedSettings {
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");
  /** Every state is in PostgreSQL before a caller hears of it: these stay as the server sets them. */
  private static final Set<String> DURABILITY = Set.of("fsync", "synchronous_commit", "full_page_writes");
  /** Set by the server itself (where it listens, how many connections the pools may hold). */
  private static final Set<String> OWNED = Set.of("port", "listen_addresses", "unix_socket_directories", "data_directory");

  private EmbeddedSettings() {
  }

  /** Parses and checks every entry; throws with the first bad one named. */
  public static Map<String, String> parse(List<String> entries) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException("embedded.settings entry '" + entry + "' is not name=value");
      }
      String name = entry.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT);
      String value = entry.substring(eq + 1).trim();
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("embedded.settings entry '" + entry + "': '" + name + "' is not a setting name");
      }
      if (DURABILITY.contains(name)) {
        throw new IllegalArgumentException("embedded.settings may not change " + name
            + ": Blockline keeps every acknowledged state durable");
      }
      if (OWNED.contains(name)) {
        throw new IllegalArgumentException("embedded.settings may not change " + name
            + ": the server sets it (see embedded.port and embedded.unixSocket)");
      }
      if (value.isEmpty() || value.contains("'") || value.contains("\\")) {
        throw new IllegalArgumentException("embedded.settings entry '" + entry
            + "': the value must be non-empty, without quotes or backslashes");
      }
      settings.put(name, value);
    }
    return settings;
  }
}
