package io.blockline.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.function.Consumer;

/**
 * Starts a Vert.x whose event bus is clustered with Hazelcast, configured here rather than by a
 * {@code cluster.xml}: TCP/IP join with {@code cluster.members} (or multicast), bound to
 * {@code cluster.host}, no phone-home, Hazelcast's logging through SLF4J. The only class that
 * names Hazelcast: with {@code cluster.enabled} false it is never loaded.
 */
public final class ClusteredVertx {
  /** Hazelcast's heartbeat and how long a silent member stays (its defaults: 5 s and 60 s). */
  private static final String HEARTBEAT_SECONDS = "1";
  private static final String MAX_NO_HEARTBEAT_SECONDS = "10";

  private ClusteredVertx() {
  }

  /** A clustered Vert.x and this member's id, which the node takes as its own. */
  public record Joined(Vertx vertx, String nodeId) {
  }

  /**
   * Joins the cluster. {@code nodeLeft} hears the id of each member that leaves (on a Hazelcast
   * thread), which is the id that member's node goes by.
   */
  public static Future<Joined> join(VertxOptions options, ClusterSettings settings, Consumer<String> nodeLeft) {
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(settings));
    options.setEventBusOptions(new EventBusOptions().setHost(settings.host()).setPort(0));
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered().map(vertx -> {
      manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
        @Override
        public void memberAdded(MembershipEvent event) {
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
          nodeLeft.accept(event.getMember().getUuid().toString());
        }
      });
      return new Joined(vertx, manager.getNodeId());
    });
  }

  /** Vert.x's own maps (from its default-cluster.xml) with this node's network settings. */
  static Config hazelcast(ClusterSettings settings) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(settings.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", HEARTBEAT_SECONDS);
    config.setProperty("hazelcast.max.no.heartbeat.seconds", MAX_NO_HEARTBEAT_SECONDS);
    config.setProperty("hazelcast.local.localAddress", settings.host());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(true);
    if (settings.host().matches("[0-9.]+")) {   // Hazelcast's interfaces are IPv4 patterns, not names
      network.getInterfaces().setEnabled(true).addInterface(settings.host());
    }
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(settings.multicast());
    join.getTcpIpConfig().setEnabled(!settings.multicast()).setMembers(settings.members());
    return config;
  }
}
