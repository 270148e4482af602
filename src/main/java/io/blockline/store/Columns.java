package io.blockline.store;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.List;

/**
 * Where named columns sit in one result, found once per result. A {@link Row}'s getters by name
 * search the column names on every call; on the hot mappers (the claim, the planning load) that
 * search was the node's largest single cost in profiles of a drained backlog.
 */
final class Columns {
  private final List<String> names;

  private Columns(List<String> names) {
    this.names = names;
  }

  static Columns of(RowSet<Row> rows) {
    return new Columns(rows.columnsNames());
  }

  /** @throws IllegalStateException when the result has no such column (a statement and its mapper disagree) */
  int at(String name) {
    int i = names == null ? -1 : names.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException("no column " + name + " in " + names);
    }
    return i;
  }
}
