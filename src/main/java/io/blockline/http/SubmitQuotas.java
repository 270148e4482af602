package io.blockline.http;

import io.blockline.api.ProblemException;
import io.blockline.auth.TokenBucket;
import io.blockline.metrics.BlocklineMetrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-owner limits on HTTP submits, per node: {@code quotas.submitsPerSecond} (a token bucket of
 * {@code quotas.submitBurst}) answers 429 with {@code Retry-After}; {@code quotas.maxBlocksPerSubmit}
 * answers 400 naming {@code blocks} (a retry of the same body could never pass). Callers on the
 * event bus are trusted and not limited. Refusals are counted per owner and quota.
 */
final class SubmitQuotas {
  private static final int MAX_OWNERS = 100_000;
  private final double perSecond;
  private final double burst;
  private final int maxBlocks;
  private final BlocklineMetrics metrics;
  private final Map<String, TokenBucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
      return size() > MAX_OWNERS;
    }
  };

  /** @param perSecond 0 = no rate limit; @param maxBlocks 0 = no limit */
  SubmitQuotas(double perSecond, double burst, int maxBlocks, BlocklineMetrics metrics) {
    this.perSecond = perSecond;
    this.burst = burst > 0 ? burst : Math.max(1, perSecond);
    this.maxBlocks = maxBlocks;
    this.metrics = metrics;
  }

  /** @return false when the request was answered with a refusal */
  boolean admit(RoutingContext ctx, String owner, JsonObject body) {
    String who = owner == null ? "" : owner;
    if (maxBlocks > 0 && body.getValue("blocks") instanceof JsonArray blocks && blocks.size() > maxBlocks) {
      metrics.quotaRefused(who, "blocks");
      throw ProblemException.badRequest(new JsonArray().add(new JsonObject().put("field", "blocks")
          .put("message", "has " + blocks.size() + " blocks; quotas.maxBlocksPerSubmit is " + maxBlocks)));
    }
    if (perSecond <= 0) {
      return true;
    }
    long now = System.nanoTime();
    long waitSeconds = buckets.computeIfAbsent(who, o -> new TokenBucket(perSecond, burst, now)).take(now);
    if (waitSeconds == 0) {
      return true;
    }
    metrics.quotaRefused(who, "submits");
    ctx.response().putHeader("Retry-After", Long.toString(waitSeconds));
    Problems.send(ctx, 429, "owner " + (who.isEmpty() ? "(none)" : who) + " is over quotas.submitsPerSecond="
        + perSecond + " (burst " + burst + "); retry in " + waitSeconds + " s", null);
    return false;
  }
}
