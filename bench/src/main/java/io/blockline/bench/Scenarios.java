package io.blockline.bench;

import java.util.List;

/** The scenarios by name, in the order they run by default. */
final class Scenarios {
  static final List<String> NAMES = List.of("fanout-http", "bulk-http", "eventbus", "latency", "sequential", "backlog",
      "stream", "fairness");

  private Scenarios() {
  }

  static Scenario create(String name) {
    return switch (name) {
      case "fanout-http" -> new FanoutHttp();
      case "bulk-http" -> ParallelSessions.bulkHttp();
      case "eventbus" -> new EventBusScenario();
      case "latency" -> new Latency();
      case "sequential" -> new Sequential();
      case "backlog" -> new Backlog();
      case "stream" -> ParallelSessions.stream();
      case "fairness" -> new Fairness();
      default -> throw new IllegalArgumentException("unknown scenario " + name);
    };
  }
}
