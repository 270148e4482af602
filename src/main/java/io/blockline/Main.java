package io.blockline;

import io.blockline.cli.Cli;
import io.blockline.config.BlocklineConfig;
import io.blockline.config.ConfigException;
import io.blockline.config.ConfigLoader;
import io.blockline.node.ServerState;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar blockline.jar [serve] [--config FILE]} loads the configuration and runs a node
 * until SIGTERM; {@code java -jar blockline.jar COMMAND} is the operators' CLI (package
 * {@code cli}), which talks to a node over HTTP.
 */
@Command(name = "blockline", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Blockline: durable async execution server on Vert.x and PostgreSQL.",
        "Without a command it serves; the others are clients of a node's HTTP API",
        "(--url, else $BLOCKLINE_URL, else http://localhost:8080).",
        "Exit codes: 0 ok, 1 not found or failed, 2 usage, 3 node unreachable."},
    subcommands = {Main.Serve.class})
public final class Main implements Callable<Integer> {
  static {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
  }

  @Option(names = "--config", description = "JSON configuration file (also BLOCKLINE_CONFIG)")
  String configFile;

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** The root command with {@code serve} and the CLI's commands. */
  public static CommandLine commandLine() {
    return Cli.install(new CommandLine(new Main()));
  }

  /** No sub-command: serve. */
  @Override
  public Integer call() throws Exception {
    return new Serve(configFile).call();
  }

  /** Runs a node until the process is told to stop. */
  @Command(name = "serve", mixinStandardHelpOptions = true, description = "Start a Blockline node (the default).")
  static final class Serve implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("io.blockline.Main");

    @Option(names = "--config", description = "JSON configuration file (also BLOCKLINE_CONFIG)")
    String configFile;

    Serve() {
    }

    Serve(String configFile) {
      this.configFile = configFile;
    }

    @Override
    public Integer call() throws Exception {
      BlocklineConfig config;
      Vertx loaderVertx = Vertx.vertx();
      try {
        config = new ConfigLoader(loaderVertx).load(configFile).toCompletionStage().toCompletableFuture().get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof ConfigException bad) {
          bad.problems().forEach(p -> System.err.println("blockline: " + p));
          return 2;
        }
        throw e;
      } finally {
        loaderVertx.close();
      }
      BlocklineServer server;
      try {
        server = BlocklineServer.start(config).toCompletionStage().toCompletableFuture().get();
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ConfigException bad) {
          bad.problems().forEach(p -> System.err.println("blockline: " + p));
          return 2;
        }
        LOG.error("start-up failed: {}", cause.getMessage() != null ? cause.getMessage() : cause.toString());
        return 1;
      }
      CompletableFuture<Void> stopped = new CompletableFuture<>();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.stop().toCompletionStage().toCompletableFuture()
              .get(config.shutdownGraceMs() + 30_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          LOG.error("shutdown did not finish cleanly: {}", e.toString());
        } finally {
          stopped.complete(null);
        }
      }, "blockline-shutdown"));
      stopped.join();
      return 0;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"blockline " + ServerState.version()};
    }
  }
}
