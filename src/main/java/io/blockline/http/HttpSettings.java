package io.blockline.http;

import io.blockline.config.BlocklineConfig;
import io.blockline.config.ConfigException;
import io.blockline.config.ConfigKey;

import java.util.Arrays;
import java.util.List;

/**
 * What the HTTP surface is configured with.
 *
 * @param authCacheMs null when authentication is off (see {@link AuthGate})
 */
public record HttpSettings(String host, int port, long maxBodyBytes, Long authCacheMs, double submitsPerSecond,
                           double submitBurst, int maxBlocksPerSubmit, int maxHeaderBytes, int maxJsonDepth,
                           String tlsCertPath, String tlsKeyPath, List<String> corsOrigins, long requestTimeoutMs,
                           int idleTimeoutSeconds) {

  /** @throws ConfigException when only one of the TLS paths is set */
  public static HttpSettings from(BlocklineConfig config) {
    if (config.string(ConfigKey.HTTP_TLS_CERT_PATH).isBlank() != config.string(ConfigKey.HTTP_TLS_KEY_PATH).isBlank()) {
      throw new ConfigException(List.of("http.tls.certPath and http.tls.keyPath are set together or not at all"));
    }
    return new HttpSettings(config.httpHost(), config.httpPort(), config.maxBodyBytes(),
        config.bool(ConfigKey.AUTH_ENABLED) ? config.longValue(ConfigKey.AUTH_CACHE_MS) : null,
        config.doubleValue(ConfigKey.QUOTAS_SUBMITS_PER_SECOND), config.doubleValue(ConfigKey.QUOTAS_SUBMIT_BURST),
        (int) Math.min(Integer.MAX_VALUE, config.longValue(ConfigKey.QUOTAS_MAX_BLOCKS_PER_SUBMIT)),
        config.integer(ConfigKey.HTTP_MAX_HEADER_BYTES), config.integer(ConfigKey.HTTP_MAX_JSON_DEPTH),
        config.string(ConfigKey.HTTP_TLS_CERT_PATH), config.string(ConfigKey.HTTP_TLS_KEY_PATH),
        Arrays.stream(config.string(ConfigKey.HTTP_CORS_ORIGINS).split(",")).map(String::trim)
            .filter(o -> !o.isEmpty()).toList(),
        config.longValue(ConfigKey.HTTP_REQUEST_TIMEOUT_MS),
        (int) Math.min(Integer.MAX_VALUE, config.longValue(ConfigKey.HTTP_IDLE_TIMEOUT_SECONDS)));
  }

  public boolean tls() {
    return !tlsCertPath.isBlank() || !tlsKeyPath.isBlank();
  }
}
