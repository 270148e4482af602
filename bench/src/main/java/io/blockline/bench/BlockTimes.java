package io.blockline.bench;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored times of an owner's blocks, epoch milliseconds, ordered by finish: the session's
 * created_at (its submit's transaction) and started_at (NOW: submit; ON_REQUEST: the run call),
 * the block's started_at (its claim) and finished_at (its outcome's commit).
 */
final class BlockTimes {
  final double[] sessionCreated;
  final double[] sessionStarted;
  final double[] blockStarted;
  final double[] blockFinished;

  private BlockTimes(int n) {
    sessionCreated = new double[n];
    sessionStarted = new double[n];
    blockStarted = new double[n];
    blockFinished = new double[n];
  }

  static BlockTimes load(Db db, String owner) throws SQLException {
    List<double[]> rows = new ArrayList<>();
    try (PreparedStatement ps = db.prepare("""
        SELECT extract(epoch FROM s.created_at) * 1000, extract(epoch FROM s.started_at) * 1000,
               extract(epoch FROM b.started_at) * 1000, extract(epoch FROM b.finished_at) * 1000
        FROM %s
        WHERE s.owner = ? ORDER BY b.finished_at, b.id
        """.formatted(Db.SESSIONS_WITH_BLOCKS), owner); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)});
      }
    }
    BlockTimes t = new BlockTimes(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      double[] r = rows.get(i);
      t.sessionCreated[i] = r[0];
      t.sessionStarted[i] = r[1];
      t.blockStarted[i] = r[2];
      t.blockFinished[i] = r[3];
    }
    return t;
  }

  int size() {
    return blockFinished.length;
  }

  double lastFinished() {
    return blockFinished.length == 0 ? Double.NaN : blockFinished[blockFinished.length - 1];
  }

  /** Per block: {@code to[i] - from[i]}. */
  static double[] between(double[] from, double[] to) {
    double[] d = new double[to.length];
    for (int i = 0; i < to.length; i++) {
      d[i] = to[i] - from[i];
    }
    return d;
  }

  /** Time between consecutive finishes, the first measured from its session's creation. */
  double[] finishGaps() {
    double[] d = new double[size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = blockFinished[i] - (i == 0 ? sessionCreated[0] : blockFinished[i - 1]);
    }
    return d;
  }
}
