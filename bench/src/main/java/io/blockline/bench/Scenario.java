package io.blockline.bench;

/** One benchmark scenario: submits its sessions, waits until they rest, measures. {@link Verifier} checks them after. */
interface Scenario {
  String name();

  Result run(BenchContext ctx) throws Exception;
}
