package io.blockline.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The command line of {@link Bench}. */
record BenchOptions(String url, String pgJdbc, Long serverPid, String controlUrl, boolean quick, int scale,
                    boolean warmup, List<String> scenarios, Path out, String commit, int diskNeighbours,
                    Path neighbourDir) {

  static final String USAGE = """
      usage: Bench --url http://127.0.0.1:8080 --pg-jdbc URL [--server-pid PID] [--control-url URL]
                   [--quick | --scale N] [--no-warmup] [--scenarios a,b,c] [--out FILE.md] [--commit SHA]
                   [--disk-neighbours N [--neighbour-dir DIR]]
        --pg-jdbc      jdbc:postgresql://host:port/db?user=…  or  postgresql://user:pw@host:port/db
        --server-pid   the server JVM, for its peak RSS (/proc/PID/status)
        --control-url  BenchServer's control endpoint, needed by the eventbus scenario
        --quick        every scenario at a tenth of its size (a smoke check; never asserts a time)
        --scale N      every scenario at N times its size (the warm-up keeps its own), e.g. a
                       backlog of 1,000,000 blocks with --scenarios backlog --scale 10
        --no-warmup    skip the unmeasured warm-up run before the first scenario
        --scenarios    any of %s (default: all, in that order)
        --out          writes the markdown there and the JSON lines next to it (.jsonl)
        --disk-neighbours  N threads that write 8 KiB and fdatasync it, back to back, during the
                       scenarios (a busy neighbour on the database's disk; see DiskNeighbours)
        --neighbour-dir    where they write (default: java.io.tmpdir); put it on the database's disk
      """.formatted(String.join(",", Scenarios.NAMES));

  static BenchOptions parse(String[] args) {
    String url = "http://127.0.0.1:8080";
    String pg = null;
    Long pid = null;
    String control = null;
    boolean quick = false;
    int scale = 1;
    boolean warmup = true;
    List<String> scenarios = new ArrayList<>(Scenarios.NAMES);
    Path out = null;
    String commit = null;
    int neighbours = 0;
    Path neighbourDir = Path.of(System.getProperty("java.io.tmpdir"));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--url" -> url = value(args, ++i, a);
        case "--pg-jdbc" -> pg = value(args, ++i, a);
        case "--server-pid" -> pid = Long.parseLong(value(args, ++i, a));
        case "--control-url" -> control = value(args, ++i, a);
        case "--quick" -> quick = true;
        case "--scale" -> scale = count(value(args, ++i, a), a);
        case "--no-warmup" -> warmup = false;
        case "--scenarios" -> scenarios = Arrays.stream(value(args, ++i, a).split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList();
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--commit" -> commit = value(args, ++i, a);
        case "--disk-neighbours" -> neighbours = count(value(args, ++i, a), a);
        case "--neighbour-dir" -> neighbourDir = Path.of(value(args, ++i, a));
        case "--help", "-h" -> throw new IllegalArgumentException("");
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    if (pg == null) {
      throw new IllegalArgumentException("--pg-jdbc is required");
    }
    for (String s : scenarios) {
      if (!Scenarios.NAMES.contains(s)) {
        throw new IllegalArgumentException("unknown scenario " + s + " (known: " + String.join(",", Scenarios.NAMES) + ")");
      }
    }
    if (scale < 1 || (quick && scale != 1)) {
      throw new IllegalArgumentException("--scale takes a count of 1 or more, and not with --quick");
    }
    if (scenarios.isEmpty()) {
      throw new IllegalArgumentException("--scenarios names none");
    }
    if (scenarios.contains("eventbus") && control == null) {
      throw new IllegalArgumentException("the eventbus scenario needs --control-url (BenchServer's control port)");
    }
    return new BenchOptions(url.replaceAll("/+$", ""), pg, pid, control == null ? null : control.replaceAll("/+$", ""),
        quick, scale, warmup, scenarios, out, commit, neighbours, neighbourDir);
  }

  /** A scenario's size: a tenth with --quick (never below 1), times --scale. */
  int size(int full) {
    return quick ? Math.max(1, full / 10) : full * scale;
  }

  /** The warm-up's size: a tenth with --quick, never scaled (it only warms the code). */
  int warmupSize(int full) {
    return quick ? Math.max(1, full / 10) : full;
  }

  private static int count(String value, String flag) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 0 && n <= 16) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(flag + " takes a count from 0 to 16, not " + value);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
