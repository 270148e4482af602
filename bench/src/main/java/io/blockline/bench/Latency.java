package io.blockline.bench;

import io.vertx.core.json.JsonObject;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * latency: on an idle server, 500 single-noop-block NOW sessions one after another, each POSTed
 * with ?wait=10s. From the stored times: submit → block start (session created_at → block
 * started_at) and submit → SUCCESS (→ block finished_at), p50/p95/p99/max; p50_ms/p99_ms are the
 * latter. created_at is the submit transaction's start, so these leave out what happens before it
 * (HTTP ingress, the group-commit wait); sent_* measure from the client's clock just before it
 * sent the request (same machine, same clock), and rtt_* is the whole request, answer included.
 */
final class Latency implements Scenario {
  static final int SESSIONS = 500;
  static final long SETTLE_MS = 2_000;

  @Override
  public String name() {
    return "latency";
  }

  @Override
  public Result run(BenchContext ctx) throws Exception {
    int n = ctx.options.size(SESSIONS);
    String owner = ctx.owner(name());
    String body = Bodies.single(owner, "bench latency");
    Thread.sleep(ctx.options.quick() ? SETTLE_MS / 4 : SETTLE_MS);
    int[] notDone = new int[1];
    double[] sentMs = new double[n];
    String[] tokens = new String[n];
    double origin = ctx.db.nowMs();
    double[] rtt = Load.run(n, 1, Duration.ofMinutes(10), i -> {
      Instant sent = Instant.now();
      sentMs[i] = sent.getEpochSecond() * 1000.0 + sent.getNano() / 1e6;
      Http.Response r = postWaiting(ctx, body);
      tokens[i] = new JsonObject(r.body()).getString("token");
      if (r.status() == 202) {
        notDone[0]++;
      } else if (!"SUCCESS".equals(new JsonObject(r.body()).getString("status"))) {
        throw new BenchFailure("session ended " + new JsonObject(r.body()).getString("status") + ": "
            + BenchContext.abbreviate(r.body()));
      }
    });
    ctx.awaitSessions(owner, n, n);
    BlockTimes times = BlockTimes.load(ctx.db, owner);
    Stats start = Stats.of(BlockTimes.between(times.sessionCreated, times.blockStarted));
    Stats roundTrip = Stats.of(rtt);
    Map<String, double[]> byToken = blockTimesByToken(ctx.db, owner);
    double[] sentStart = new double[n];
    double[] sentDone = new double[n];
    for (int i = 0; i < n; i++) {
      double[] t = byToken.get(tokens[i]);
      sentStart[i] = t[0] - sentMs[i];
      sentDone[i] = t[1] - sentMs[i];
    }
    Stats fromSendStart = Stats.of(sentStart);
    Stats fromSendDone = Stats.of(sentDone);
    return Result.measured(name(), owner, n, n, 1, origin, times,
            BlockTimes.between(times.sessionCreated, times.blockFinished))
        .extra("start_p50_ms", start.p50())
        .extra("start_p95_ms", start.p95())
        .extra("start_p99_ms", start.p99())
        .extra("start_max_ms", start.max())
        .extra("sent_start_p50_ms", fromSendStart.p50())
        .extra("sent_start_p99_ms", fromSendStart.p99())
        .extra("sent_done_p50_ms", fromSendDone.p50())
        .extra("sent_done_p99_ms", fromSendDone.p99())
        .extra("rtt_p50_ms", roundTrip.p50())
        .extra("rtt_p99_ms", roundTrip.p99())
        .extra("rtt_max_ms", roundTrip.max())
        .extra("wait_timeouts", notDone[0]);
  }

  /** A caller that waits: POST ?wait=10s; answered 200 (ended) or 202 (still running), anything else fails. */
  static Http.Response postWaiting(BenchContext ctx, String body) {
    Http.Response r = ctx.http.post("/v1/sessions?wait=10s", body);
    if (r.status() != 200 && r.status() != 202) {
      throw new BenchFailure("POST /v1/sessions?wait=10s answered " + r.status() + ": " + BenchContext.abbreviate(r.body()));
    }
    return r;
  }

  /** token → {block started_at, block finished_at}, epoch ms. */
  private static Map<String, double[]> blockTimesByToken(Db db, String owner) throws SQLException {
    Map<String, double[]> times = new HashMap<>();
    try (PreparedStatement ps = db.prepare("SELECT s.token, extract(epoch FROM b.started_at) * 1000, "
        + "extract(epoch FROM b.finished_at) * 1000 FROM " + Db.SESSIONS_WITH_BLOCKS + " "
        + "WHERE s.owner = ?", owner); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        times.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3)});
      }
    }
    return times;
  }
}
