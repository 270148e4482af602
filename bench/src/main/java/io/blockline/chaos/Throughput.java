package io.blockline.chaos;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6: the bulk workload (sessions of many noop blocks, submitted at once) on one node,
 * then on two nodes sharing the database, each on a fresh database; blocks per second from the
 * first submit to the last session's SUCCESS, and the ratio two / one. Reported, not asserted
 * beyond every block succeeding: on a 2-core machine the two nodes and PostgreSQL share the cores.
 */
final class Throughput implements Scenario {
  @Override
  public String name() {
    return "throughput-2-vs-1";
  }

  @Override
  public JsonObject run(ChaosRun run) throws Exception {
    int sessions = run.quick ? 20 : 100;
    int blocksEach = 100;
    double one = blocksPerSecond(run, 1, sessions, blocksEach);
    double two = blocksPerSecond(run, 2, sessions, blocksEach);
    return new JsonObject().put("blocks", sessions * blocksEach).put("oneNodeBlocksPerSecond", one)
        .put("twoNodesBlocksPerSecond", two).put("ratio", Math.round(two / one * 100) / 100.0)
        .put("pass", one > 0 && two > 0);
  }

  private static double blocksPerSecond(ChaosRun run, int nodeCount, int sessions, int blocksEach) throws Exception {
    String name = "chaos_bulk_" + nodeCount;
    String uri = run.database.create(name);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      nodes.add(run.node("bulk-" + nodeCount + "-" + i, uri, Map.of()));
    }
    String body = bulk(blocksEach).encode();
    long start = System.nanoTime();
    for (int i = 0; i < sessions; i++) {
      Node node = nodes.get(i % nodeCount);
      if (node.http.post("/v1/sessions", body).statusCode() != 201) {
        throw new IllegalStateException("bulk submit refused");
      }
    }
    Ledger ledger = Ledger.awaitSettled(run.database, name, 300_000);
    double seconds = (System.nanoTime() - start) / 1e9;
    run.stopNodes();
    if (!ledger.exactlyOnce()) {
      return 0;
    }
    return Math.round(ledger.blocks() / seconds);
  }

  private static JsonObject bulk(int blocks) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < blocks; i++) {
      list.add(new JsonObject().put("id", "n" + i).put("handler", new JsonObject().put("type", "builtin").put("name", "noop")));
    }
    return new JsonObject().put("name", "bulk").put("mode", "parallel").put("blocks", list);
  }
}
