package io.blockline.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The node's Micrometer registry, scraped as Prometheus text at {@code GET /metrics}: what the
 * dispatcher does (submits, claims, outcomes by status, transactions, rescues, deliveries) plus the
 * JVM. Counters are cheap to bump from the event loop; nothing here does I/O.
 */
public final class BlocklineMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter sessionsSubmitted;
  private final Counter blocksSubmitted;
  private final Counter blocksClaimed;
  private final Counter blocksClaimedDirectly;
  private final Counter staleWritesRefused;
  private final Counter rescued;
  private final Timer engineTransactions;
  private final Timer submitTransactions;
  private final ConcurrentHashMap<String, Counter> outcomes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> deliveries = new ConcurrentHashMap<>();

  public BlocklineMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    sessionsSubmitted = Counter.builder("blockline.sessions.submitted").description("sessions stored").register(registry);
    blocksSubmitted = Counter.builder("blockline.blocks.submitted").description("blocks stored").register(registry);
    blocksClaimed = Counter.builder("blockline.blocks.claimed").description("blocks claimed by the claim loop")
        .register(registry);
    blocksClaimedDirectly = Counter.builder("blockline.blocks.claimed.direct")
        .description("blocks claimed by the transaction that released them").register(registry);
    staleWritesRefused = Counter.builder("blockline.stale.writes.refused")
        .description("outcomes refused because their run's lease was taken over (the lease-token fence)")
        .register(registry);
    rescued = Counter.builder("blockline.blocks.rescued").description("running blocks found with an expired lease")
        .register(registry);
    engineTransactions = Timer.builder("blockline.engine.transactions")
        .description("state-change transactions (a batch of commands each)").register(registry);
    submitTransactions = Timer.builder("blockline.submit.transactions")
        .description("group-committed submit transactions").register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  public void submitted(int sessions, long blocks) {
    sessionsSubmitted.increment(sessions);
    blocksSubmitted.increment(blocks);
  }

  public void claimed(int blocks, boolean direct) {
    (direct ? blocksClaimedDirectly : blocksClaimed).increment(blocks);
  }

  /** A block reached this status through an outcome, a cancel or a skip. */
  public void blockStatus(String status) {
    outcomes.computeIfAbsent(status, s -> Counter.builder("blockline.blocks.status")
        .description("block status changes written, by new status").tag("status", s.toLowerCase(Locale.ROOT))
        .register(registry)).increment();
  }

  /** A request refused by a quota ({@code submits} per second, {@code blocks} per submit), by owner. */
  public void quotaRefused(String owner, String quota) {
    Counter.builder("blockline.quota.refused").description("requests refused by a per-owner quota")
        .tag("owner", owner == null || owner.isEmpty() ? "(none)" : owner).tag("quota", quota)
        .register(registry).increment();
  }

  public void staleWritesRefused(int count) {
    staleWritesRefused.increment(count);
  }

  public void rescued(int count) {
    rescued.increment(count);
  }

  public void delivery(String result) {
    deliveries.computeIfAbsent(result, r -> Counter.builder("blockline.deliveries")
        .description("completion delivery attempts, by result").tag("result", r).register(registry)).increment();
  }

  public void engineTransaction(long nanos) {
    engineTransactions.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void submitTransaction(long nanos) {
    submitTransactions.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Registers a counter kept by {@code owner} and read on scrape, with one tag. Micrometer holds
   * {@code owner} weakly: it must live as long as the node (a lambda would be collected).
   */
  public <T> void counter(String name, String description, String tag, String value, T owner,
                          java.util.function.ToDoubleFunction<T> count) {
    io.micrometer.core.instrument.FunctionCounter.builder(name, owner, count)
        .description(description).tag(tag, value).register(registry);
  }

  /** {@link #counter(String, String, String, String, Object, java.util.function.ToDoubleFunction)} without a tag. */
  public <T> void counter(String name, String description, T owner, java.util.function.ToDoubleFunction<T> count) {
    io.micrometer.core.instrument.FunctionCounter.builder(name, owner, count).description(description)
        .register(registry);
  }

  /** Registers a gauge read on scrape (e.g. runs in flight). */
  public void gauge(String name, String description, Supplier<Number> value) {
    io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
  }
}
