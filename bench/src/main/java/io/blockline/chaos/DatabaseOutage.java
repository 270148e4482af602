package io.blockline.chaos;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * Scenario 2: PostgreSQL stops (an operator's fast shutdown) for 10 s while two nodes run work,
 * then starts again. Meanwhile /health answers 503; after, both nodes answer 200 within 5 s of
 * the database being back, and every session ends SUCCESS, each block once (or twice only after
 * an orphaned run).
 */
final class DatabaseOutage implements Scenario {
  private static final long OUTAGE_MS = 10_000;

  @Override
  public String name() {
    return "postgres-down";
  }

  @Override
  public JsonObject run(ChaosRun run) throws Exception {
    int blocks = run.quick ? 400 : 1_000;
    String uri = run.database.create("chaos_pg");
    Node a = run.node("pg-a", uri, Map.of());
    Node b = run.node("pg-b", uri, Map.of());
    List<Node> nodes = List.of(a, b);
    long start = System.nanoTime();
    int[] turn = {0};
    Workload.submit("pg", blocks / 20, 20, 500, () -> nodes.get(turn[0]++ % 2));
    ChildProcesses.sleep(1_000);

    run.database.stop();
    long down = System.nanoTime();
    int polls = 0;
    int unhealthy = 0;
    while (System.nanoTime() - down < OUTAGE_MS * 1_000_000) {
      if (System.nanoTime() - down > 2_000_000_000L) {   // the pool may take a moment to notice
        for (Node node : nodes) {
          polls++;
          if (node.http.status("/health") == 503) {
            unhealthy++;
          }
        }
      }
      ChildProcesses.sleep(250);
    }
    run.database.start();
    long back = System.nanoTime();
    long reconnectMs = 0;
    for (Node node : nodes) {
      node.awaitHealthy(60_000);
      reconnectMs = Math.max(reconnectMs, (System.nanoTime() - back) / 1_000_000);
    }
    Ledger ledger = Ledger.awaitSettled(run.database, "chaos_pg", 300_000);
    run.stopNodes();
    return new JsonObject().put("nodes", 2).put("blocks", ledger.blocks()).put("outageMs", OUTAGE_MS)
        .put("health503", unhealthy + "/" + polls).put("reconnectMs", reconnectMs)
        .put("seconds", ChaosRun.seconds(start)).mergeIn(ledger.figures())
        .put("pass", ledger.exactlyOnce() && ledger.blocks() == blocks && unhealthy == polls && polls > 0
            && reconnectMs <= 5_000);
  }
}
