package io.blockline.cli;

import picocli.CommandLine.Option;

import java.util.Map;

/** {@code --limit} and {@code --cursor} of the commands that print one page of a list. */
final class PageOptions {
  @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Page size, 1..500 (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--cursor", paramLabel = "CURSOR", description = "The next page, as printed below the previous one")
  String cursor;

  /** Adds both to a query. */
  Map<String, Object> into(Map<String, Object> query) {
    query.put("limit", limit);
    query.put("cursor", cursor);
    return query;
  }
}
