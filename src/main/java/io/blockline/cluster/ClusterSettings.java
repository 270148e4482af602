package io.blockline.cluster;

import io.blockline.config.BlocklineConfig;
import io.blockline.config.ConfigKey;

import java.util.List;

/** The {@code cluster.*} keys: how this node finds the others and where its cluster traffic goes. */
public record ClusterSettings(boolean enabled, String name, String host, int port, List<String> members,
                              boolean multicast) {

  public static ClusterSettings from(BlocklineConfig config) {
    return new ClusterSettings(config.bool(ConfigKey.CLUSTER_ENABLED), config.string(ConfigKey.CLUSTER_NAME),
        config.string(ConfigKey.CLUSTER_HOST), config.integer(ConfigKey.CLUSTER_PORT),
        config.list(ConfigKey.CLUSTER_MEMBERS), config.bool(ConfigKey.CLUSTER_MULTICAST));
  }

  /**
   * host:port of this node's HTTP API as other nodes and {@code /v1/nodes} name it: the HTTP host,
   * or {@code cluster.host} when HTTP binds every interface.
   */
  public String advertised(String httpHost, int httpPort) {
    boolean wildcard = httpHost.isBlank() || httpHost.equals("0.0.0.0") || httpHost.equals("::")
        || httpHost.equals("[::]");
    return (wildcard ? host : httpHost) + ":" + httpPort;
  }
}
