package io.blockline.chaos;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 1: two nodes share the work; one or the other is killed with SIGKILL several times
 * while it runs and started again. Nothing acknowledged is lost, no block succeeds twice, and a
 * block runs twice only when it was running on a node at the moment that node was killed.
 */
final class KillNodes implements Scenario {
  @Override
  public String name() {
    return "kill-9";
  }

  @Override
  public JsonObject run(ChaosRun run) throws Exception {
    int blocks = run.quick ? 400 : 2_000;
    int kills = run.quick ? 2 : 5;
    String uri = run.database.create("chaos_kill");
    Node a = run.node("kill-a", uri, Map.of());
    Node b = run.node("kill-b", uri, Map.of());
    List<Node> nodes = List.of(a, b);
    long start = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    List<String> sessions = Workload.submit("kill", blocks / 20, 20, 500, () -> live(nodes, next));
    for (int k = 0; k < kills; k++) {
      Node victim = nodes.get(k % 2);
      ChildProcesses.sleep(1_500);
      victim.kill();
      victim.start();
    }
    Ledger ledger = Ledger.awaitSettled(run.database, "chaos_kill", 300_000);
    run.stopNodes();
    return new JsonObject().put("nodes", 2).put("sessions", sessions.size()).put("blocks", ledger.blocks())
        .put("kills", kills).put("seconds", ChaosRun.seconds(start)).mergeIn(ledger.figures())
        .put("pass", ledger.exactlyOnce() && ledger.blocks() == blocks);
  }

  private static Node live(List<Node> nodes, AtomicInteger next) {
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(next.getAndIncrement() % nodes.size());
      if (node.alive()) {
        return node;
      }
    }
    return nodes.get(0);
  }
}
