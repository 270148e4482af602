package io.blockline.chaos;

import io.vertx.core.json.JsonObject;

/** One fault the suite survives: it sets up its nodes, injects the fault, checks the ledger, stops what it started. */
interface Scenario {
  /** The name on the JSON line and in docs/reliability.md. */
  String name();

  /** Runs it; the JSON line's fields, {@code pass} among them. */
  JsonObject run(ChaosRun run) throws Exception;
}
