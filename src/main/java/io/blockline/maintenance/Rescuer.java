package io.blockline.maintenance;

import io.blockline.engine.Command;
import io.blockline.engine.SessionEngine;

import io.blockline.store.BlockSql;
import io.blockline.block.Outcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Finds running blocks whose lease expired (their node died or stopped) and fails their run as
 * {@code ORPHANED}: a replayable block goes back to STANDBY with back-off, any other ends with
 * the reason {@code orphaned}. The lease token fences a node that comes back late.
 */
public final class Rescuer {
  private static final Logger LOG = LoggerFactory.getLogger(Rescuer.class);
  private static final int BATCH = 500;

  private final Pool pool;
  private final SessionEngine engine;
  private final LongPredicate heldHere;

  public Rescuer(Pool pool, SessionEngine engine, LongPredicate heldHere) {
    this.pool = pool;
    this.engine = engine;
    this.heldHere = heldHere;
  }

  /** One pass; completes with the number of blocks rescued. */
  public Future<Integer> tickOnce() {
    return pool.preparedQuery(BlockSql.EXPIRED_LEASES).execute(Tuple.of(BATCH)).compose(rows -> {
      List<Command.Complete> commands = new ArrayList<>();
      for (Row row : rows) {
        long blockId = row.getLong("id");
        if (heldHere.test(blockId)) {
          continue;
        }
        LOG.warn("rescuing block id={} whose lease expired leasedBy={}", blockId, row.getString("leased_by"));
        JsonObject error = Outcome.error("ORPHANED", "the node running this block stopped renewing its lease");
        // The lost attempt stays in the block's history as a run that ended in error.
        long started = row.getOffsetDateTime("started_at") == null ? System.currentTimeMillis()
            : row.getOffsetDateTime("started_at").toInstant().toEpochMilli();
        List<Command.RunRecord> lost = List.of(new Command.RunRecord(-1, started, System.currentTimeMillis(), "ERROR", error));
        commands.add(new Command.Complete(row.getLong("session_id"), blockId, row.getUUID("lease_token"),
            row.getInteger("attempts"), new Outcome.Failed(error, true), lost, "orphaned"));
      }
      return commands.isEmpty() ? Future.succeededFuture(0) : engine.execute(commands).map(commands.size());
    });
  }
}
