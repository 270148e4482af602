package io.blockline.chaos;

import io.blockline.bench.Machine;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chaos suite's driver ({@code scripts/chaos}): starts its own PostgreSQL, runs each scenario
 * against real nodes in child JVMs on loopback, prints one JSON line per scenario and writes them,
 * with the machine and the date, as markdown. Exit status 1 when a scenario failed.
 * <pre>Chaos --work DIR --out FILE.md [--quick] [--clustered] [--scenarios 1,2,5] [--commit SHA]</pre>
 * With {@code --clustered} the nodes also join one Hazelcast-clustered event bus (cluster.enabled),
 * so a killed node is also seen leaving the cluster, not only by its heartbeat stopping.
 */
public final class Chaos {
  private static final Map<String, Scenario> ALL = new LinkedHashMap<>();

  static {
    for (Scenario s : List.of(new KillNodes(), new DatabaseOutage(), new NodeDeath(), new PausedNode(),
        new MalformedRequests(), new Throughput())) {
      ALL.put(Integer.toString(ALL.size() + 1), s);
    }
  }

  private Chaos() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    boolean quick = options.containsKey("quick");
    boolean clustered = options.containsKey("clustered");
    List<String> chosen = Arrays.asList(options.getOrDefault("scenarios", quick ? "1,2,5" : "1,2,3,4,5,6").split(","));
    Path work = Path.of(options.get("work"));
    Files.createDirectories(work);
    List<JsonObject> lines = new ArrayList<>();
    boolean passed = true;
    try (Database database = new Database(work, ChaosRun.freePort())) {
      database.start();
      ChaosRun run = new ChaosRun(database, work, quick, clustered);
      for (String number : chosen) {
        Scenario scenario = ALL.get(number.trim());
        if (scenario == null) {
          throw new IllegalArgumentException("no scenario " + number + "; there are 1 to " + ALL.size());
        }
        JsonObject line = new JsonObject().put("scenario", scenario.name()).put("quick", quick);
        if (clustered) {
          line.put("clustered", true);
        }
        try {
          line.mergeIn(scenario.run(run));
        } catch (Exception e) {
          line.put("pass", false).put("error", e.toString());
          run.stopNodes();
        }
        passed &= line.getBoolean("pass", false);
        System.out.println(line.encode());
        System.out.flush();
        lines.add(line);
      }
    }
    Files.writeString(Path.of(options.get("out")), Report.markdown(lines, Machine.describe(), LocalDate.now().toString(),
        options.getOrDefault("commit", "unknown"), String.join(" ", args)));
    System.exit(passed ? 0 : 1);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i].replaceFirst("^--", "");
      if (name.equals("quick") || name.equals("clustered")) {
        options.put(name, "true");
      } else if (i + 1 < args.length) {
        options.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
    }
    if (!options.containsKey("work") || !options.containsKey("out")) {
      throw new IllegalArgumentException("usage: Chaos --work DIR --out FILE.md [--quick] [--clustered] [--scenarios 1,2,5]");
    }
    return options;
  }
}
