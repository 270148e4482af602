package io.blockline.bench;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one scenario measured: the fixed fields of the JSON line, extra figures, claim plans, and a failure if any. */
final class Result {
  final String scenario;
  final String owner;
  final int sessions;
  final int n;
  final int concurrency;
  double seconds = Double.NaN;
  double p50 = Double.NaN;
  double p99 = Double.NaN;
  Double maxRssMb;
  final Map<String, Object> extra = new LinkedHashMap<>();
  final List<ClaimPlan.Plan> plans = new ArrayList<>();
  String failure;

  Result(String scenario, String owner, int sessions, int n, int concurrency) {
    this.scenario = scenario;
    this.owner = owner;
    this.sessions = sessions;
    this.n = n;
    this.concurrency = concurrency;
  }

  /** A throughput result from stored times: {@code origin} → last finish; percentiles of {@code latencies}. */
  static Result measured(String scenario, String owner, int sessions, int n, int concurrency, double originMs,
                         BlockTimes times, double[] latencies) {
    Result r = new Result(scenario, owner, sessions, n, concurrency);
    r.seconds = (times.lastFinished() - originMs) / 1000.0;
    Stats s = Stats.of(latencies);
    r.p50 = s.p50();
    r.p99 = s.p99();
    r.extra("p95_ms", s.p95()).extra("max_ms", s.max());
    return r;
  }

  Result extra(String key, Object value) {
    if (value instanceof Double d) {
      Double rounded = round(d, 3);
      if (rounded != null) {
        extra.put(key, rounded);
      }
    } else {
      extra.put(key, value);
    }
    return this;
  }

  double blocksPerS() {
    return seconds > 0 ? n / seconds : Double.NaN;
  }

  boolean ok() {
    return failure == null;
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("scenario", scenario)
        .put("n", n)
        .put("concurrency", concurrency)
        .put("seconds", round(seconds, 3))
        .put("blocks_per_s", round(blocksPerS(), 1))
        .put("p50_ms", round(p50, 2))
        .put("p99_ms", round(p99, 2))
        .put("max_rss_mb", maxRssMb == null ? null : round(maxRssMb, 1))
        .put("sessions", sessions);
    extra.forEach(json::put);
    json.put("ok", ok());
    if (failure != null) {
      json.put("failure", failure);
    }
    return json;
  }

  static Double round(double value, int digits) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return null;
    }
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
