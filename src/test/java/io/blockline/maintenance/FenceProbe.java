package io.blockline.maintenance;

import io.blockline.block.BlockRow;
import io.blockline.block.BlockStatus;
import io.blockline.block.Transition;
import io.blockline.store.ChangeStore;
import io.blockline.testsupport.TestDatabase;
import io.blockline.testsupport.TestServer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Sends the engine's block write ({@code ChangeStore.write}) for a RUNNING block read under a given lease. */
final class FenceProbe {
  private FenceProbe() {
  }

  /** Writes SUCCESS over the block as if it were still held under {@code leaseToken}; returns the failure, or "written". */
  static String writeSuccess(TestServer node, String blockToken, String leaseToken) {
    String[] row = TestDatabase.queryOne(node.database(), "SELECT id || ' ' || session_id || ' ' || seq || ' ' || block_key"
        + " || ' ' || attempts FROM blocks WHERE token = '" + blockToken + "'").split(" ");
    BlockRow loaded = new BlockRow(Long.parseLong(row[0]), blockToken, Long.parseLong(row[1]), Integer.parseInt(row[2]),
        row[3], List.of(), false, false, null, false, BlockStatus.RUNNING, false, Integer.parseInt(row[4]), 0,
        UUID.fromString(leaseToken), null);
    loaded.apply(new Transition.Decision(BlockStatus.SUCCESS, null, new JsonObject().put("stale", true), null));
    ChangeStore.Changes changes = new ChangeStore.Changes(List.of(loaded), List.of(), List.of(), List.of(), new Long[0], new Long[0]);
    try {
      node.server().pool().withTransaction(conn -> ChangeStore.write(conn, changes, "probe", 1_000, io.blockline.store.RangeClaims.OFF))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return "written";
    } catch (Exception e) {
      return describe(e);
    }
  }

  private static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof io.blockline.store.ConcurrentChange) {
        return "40001 " + t.getMessage();
      }
    }
    return e.toString();
  }
}
