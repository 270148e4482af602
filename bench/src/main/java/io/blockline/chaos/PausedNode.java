package io.blockline.chaos;

import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.util.Map;

/**
 * Scenario 4: a node running blocks is frozen (SIGSTOP) for 40 s, long past its heartbeat's
 * death limit: the other node rescues its blocks and runs them again. Then it resumes (SIGCONT)
 * and its frozen runs end: every outcome it then reports is stale, refused by the lease fence
 * and counted ({@code blockline_stale_writes_refused_total}); none is accepted (no block succeeds
 * twice, every session succeeds once).
 */
final class PausedNode implements Scenario {
  @Override
  public String name() {
    return "sigstop";
  }

  @Override
  public JsonObject run(ChaosRun run) throws Exception {
    long pauseMs = run.quick ? 12_000 : 40_000;
    String uri = run.database.create("chaos_pause");
    run.node("pause-a", uri, Map.of());
    Node frozen = run.node("pause-b", uri, Map.of());
    String frozenId = frozen.id();
    long start = System.nanoTime();
    Workload.submit("pause", 10, 4, 3_000, () -> frozen);
    long held;
    try (Connection c = run.database.connect("chaos_pause")) {
      held = NodeDeath.count(c, "SELECT count(*) FROM blocks WHERE status = 'RUNNING' AND leased_by = '" + frozenId + "'");
    }
    double refusedBefore = frozen.metric("blockline_stale_writes_refused_total");
    frozen.pause();
    ChildProcesses.sleep(pauseMs);
    frozen.resume();
    // Its runs end as soon as it runs again; wait until what it refuses stops growing.
    double refused = refusedBefore;
    for (int quiet = 0, i = 0; quiet < 10 && i < 200; i++) {
      ChildProcesses.sleep(300);
      double now = frozen.awaitHealthy(5_000) ? frozen.metric("blockline_stale_writes_refused_total") : refused;
      quiet = now == refused ? quiet + 1 : 0;
      refused = now;
    }
    Ledger ledger = Ledger.awaitSettled(run.database, "chaos_pause", 120_000);
    run.stopNodes();
    long refusedCount = Math.round(refused - refusedBefore);
    return new JsonObject().put("nodes", 2).put("pausedMs", pauseMs).put("blocksOnPausedNode", held)
        .put("staleWritesRefused", refusedCount).put("staleWritesAccepted", ledger.succeededTwice())
        .put("seconds", ChaosRun.seconds(start)).mergeIn(ledger.figures())
        .put("pass", ledger.exactlyOnce() && held > 0 && refusedCount > 0);
  }
}
