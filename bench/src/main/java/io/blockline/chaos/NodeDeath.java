package io.blockline.chaos;

import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

/**
 * Scenario 3: three nodes; the one running blocks is killed. Another node sees its heartbeat stop
 * and rescues them: the time from the kill until none of its leases is left standing is reported
 * and must be at most 8 s (cluster.heartbeatMs 2000 and cluster.deadAfterMs 5000, the defaults),
 * far below the 30 s lease. Then every block succeeds once more, once.
 */
final class NodeDeath implements Scenario {
  @Override
  public String name() {
    return "node-death-rescue";
  }

  @Override
  public JsonObject run(ChaosRun run) throws Exception {
    String uri = run.database.create("chaos_rescue");
    run.node("rescue-a", uri, Map.of());
    run.node("rescue-b", uri, Map.of());
    Node doomed = run.node("rescue-c", uri, Map.of());
    String doomedId = doomed.id();
    long start = System.nanoTime();
    // Submits claim what they can start at once on the node that took them: these run on the doomed node.
    Workload.submit("rescue", 10, 3, 6_000, () -> doomed);
    try (Connection c = run.database.connect("chaos_rescue")) {
      long held = 0;
      while (held == 0) {
        held = count(c, "SELECT count(*) FROM blocks WHERE status = 'RUNNING' AND leased_by = '" + doomedId + "'");
        ChildProcesses.sleep(20);
      }
      doomed.kill();
      long killed = System.nanoTime();
      while (count(c, "SELECT count(*) FROM blocks WHERE status = 'RUNNING' AND leased_by = '" + doomedId + "'") > 0) {
        if (System.nanoTime() - killed > 60_000_000_000L) {
          break;
        }
        ChildProcesses.sleep(20);
      }
      long rescueMs = (System.nanoTime() - killed) / 1_000_000;
      Ledger ledger = Ledger.awaitSettled(run.database, "chaos_rescue", 120_000);
      run.stopNodes();
      return new JsonObject().put("nodes", 3).put("blocksOnKilledNode", held).put("rescueMs", rescueMs)
          .put("seconds", ChaosRun.seconds(start)).mergeIn(ledger.figures())
          .put("pass", ledger.exactlyOnce() && rescueMs <= 8_000);
    }
  }

  static long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
