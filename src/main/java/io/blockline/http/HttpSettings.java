package io.blockline.http;

import io.blockline.config.BlocklineConfig;
import io.blockline.config.ConfigKey;

/**
 * What the HTTP surface is configured with.
 *
 * @param authCacheMs null when authentication is off (see {@link AuthGate})
 */
public record HttpSettings(String host, int port, long maxBodyBytes, Long authCacheMs, double submitsPerSecond,
                           double submitBurst, int maxBlocksPerSubmit) {

  public static HttpSettings from(BlocklineConfig config) {
    return new HttpSettings(config.httpHost(), config.httpPort(), config.maxBodyBytes(),
        config.bool(ConfigKey.AUTH_ENABLED) ? config.longValue(ConfigKey.AUTH_CACHE_MS) : null,
        config.doubleValue(ConfigKey.QUOTAS_SUBMITS_PER_SECOND), config.doubleValue(ConfigKey.QUOTAS_SUBMIT_BURST),
        (int) Math.min(Integer.MAX_VALUE, config.longValue(ConfigKey.QUOTAS_MAX_BLOCKS_PER_SUBMIT)));
  }
}
