package io.blockline.bench;

import io.blockline.BlocklineServer;
import io.blockline.config.BlocklineConfig;
import io.blockline.config.ConfigException;
import io.blockline.config.ConfigLoader;
import io.vertx.core.Vertx;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A Blockline node started exactly like {@code io.blockline.Main} (same configuration layers:
 * conf/blockline.json → --config / BLOCKLINE_CONFIG → BLOCKLINE_* → -Dblockline.*), plus the bench's
 * {@link ControlVerticle} on {@code --control-port} (0 = any free port). Runs until SIGTERM, then
 * stops like Main: control endpoint, then the node (embedded PostgreSQL included).
 * <pre>java -cp target/blockline.jar:target/test-classes io.blockline.bench.BenchServer --control-port 9090</pre>
 */
public final class BenchServer {
  static {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
  }

  private static final long START_WAIT_SECONDS = 180;

  private BenchServer() {
  }

  public static void main(String[] args) throws Exception {
    String configFile = null;
    int controlPort = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> configFile = args[++i];
        case "--control-port" -> controlPort = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: BenchServer [--config FILE] [--control-port PORT]");
          System.exit(2);
        }
      }
    }
    BlocklineConfig config;
    Vertx loaderVertx = Vertx.vertx();
    try {
      config = new ConfigLoader(loaderVertx).load(configFile).toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ConfigException bad) {
        bad.problems().forEach(p -> System.err.println("blockline: " + p));
        System.exit(2);
      }
      throw e;
    } finally {
      loaderVertx.close();
    }
    // The stop hook is armed before start-up, so a SIGTERM during start still stops the embedded PostgreSQL.
    CompletableFuture<BlocklineServer> starting = BlocklineServer.start(config).toCompletionStage().toCompletableFuture();
    CompletableFuture<String> controlDeployment = new CompletableFuture<>();
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        BlocklineServer running = starting.get(START_WAIT_SECONDS, TimeUnit.SECONDS);
        try {
          String id = controlDeployment.getNow(null);
          if (id != null) {
            running.vertx().undeploy(id).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
          }
        } catch (Exception e) {
          System.err.println("bench server: control endpoint did not stop: " + e);
        }
        running.stop().toCompletionStage().toCompletableFuture()
            .get(config.shutdownGraceMs() + 30_000, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        // start-up failed; BlocklineServer.start already stopped what it had started
      } catch (Exception e) {
        System.err.println("bench server: shutdown did not finish cleanly: " + e);
      } finally {
        stopped.complete(null);
      }
    }, "blockline-shutdown"));
    BlocklineServer server;
    try {
      server = starting.get();
    } catch (ExecutionException e) {
      System.err.println("bench server: start-up failed: " + e.getCause());
      System.exit(1);
      return;
    }
    ControlVerticle control = new ControlVerticle(controlPort);
    try {
      controlDeployment.complete(server.vertx().deployVerticle(control).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      System.err.println("bench server: control endpoint failed: " + e);
      System.exit(1);
      return;
    }
    System.out.println("bench server ready http=" + server.httpPort() + " control=" + control.actualPort()
        + " pid=" + ProcessHandle.current().pid());
    System.out.flush();
    stopped.join();
  }
}
