package io.blockline.node;

import io.blockline.block.RetryPolicy;
import io.blockline.config.BlocklineConfig;
import io.blockline.config.ConfigKey;
import io.blockline.maintenance.NodeHeartbeat;
import io.blockline.process.CommandSettings;

/** The dispatcher's share of the configuration. */
public record DispatcherSettings(
    String nodeId,
    int concurrency,
    int claimBatch,
    boolean claimRanges,
    long leaseMs,
    long liveIntervalMs,
    long laterIntervalMs,
    long rescueIntervalMs,
    long shutdownGraceMs,
    long defaultTimeoutMs,
    RetryPolicy defaultRetry,
    boolean allowPrivate,
    String allowHosts,
    String deliverySecret,
    long deliveryMaxAgeMs,
    long retentionSuccessMs,
    long retentionFailureMs,
    long retentionIntervalMs,
    long engineLingerMs,
    int maxActiveSessions,
    CommandSettings commands,
    NodeHeartbeat.Settings heartbeat) {

  /** {@code address}: host:port of this node's HTTP API, as the other nodes and /v1/nodes name it. */
  public static DispatcherSettings from(BlocklineConfig config, String nodeId, String address) {
    return new DispatcherSettings(nodeId, config.workersConcurrency(), config.claimBatch(),
        config.bool(ConfigKey.DISPATCHER_CLAIM_RANGES), config.leaseMs(),
        config.liveIntervalMs(), config.laterIntervalMs(), config.rescueIntervalMs(), config.shutdownGraceMs(),
        config.defaultTimeoutMs(),
        RetryPolicy.defaults(config.longValue(ConfigKey.RETRY_INITIAL_DELAY_MS),
            config.doubleValue(ConfigKey.RETRY_MULTIPLIER), config.longValue(ConfigKey.RETRY_MAX_DELAY_MS)),
        config.bool(ConfigKey.HANDLERS_HTTP_ALLOW_PRIVATE), config.string(ConfigKey.HANDLERS_HTTP_ALLOW_HOSTS),
        config.string(ConfigKey.DELIVERIES_SECRET), config.longValue(ConfigKey.DELIVERIES_MAX_AGE_MS),
        config.longValue(ConfigKey.RETENTION_SUCCESS_MS), config.longValue(ConfigKey.RETENTION_FAILURE_MS),
        config.longValue(ConfigKey.RETENTION_INTERVAL_MS), config.longValue(ConfigKey.DISPATCHER_ENGINE_LINGER_MS),
        (int) Math.min(Integer.MAX_VALUE, config.longValue(ConfigKey.QUOTAS_MAX_ACTIVE_SESSIONS)),
        CommandSettings.from(config),
        new NodeHeartbeat.Settings(nodeId, address, config.longValue(ConfigKey.CLUSTER_HEARTBEAT_MS),
            config.longValue(ConfigKey.CLUSTER_DEAD_AFTER_MS)));
  }
}
