package io.blockline.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package map of docs/architecture.md, enforced on the main classes: dependencies point one
 * way, from the surfaces down to the contract, and no two packages depend on each other. A new
 * import against the arrows fails here, naming the class and the dependency.
 */
class PackageMapTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.blockline");

  @Test
  void layers_depend_only_downwards() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("Server").definedBy("io.blockline")
        .layer("Cli").definedBy("io.blockline.cli..")
        .layer("Http").definedBy("io.blockline.http..")
        .layer("Verticles").definedBy("io.blockline.node..")
        .layer("BusApi").definedBy("io.blockline.bus..")
        .layer("Work").definedBy("io.blockline.engine..", "io.blockline.claim..", "io.blockline.maintenance..",
            "io.blockline.delivery..", "io.blockline.worker..", "io.blockline.process..")
        .layer("Store").definedBy("io.blockline.store..")
        .layer("Rules").definedBy("io.blockline.block..", "io.blockline.session..", "io.blockline.handler..",
            "io.blockline.auth..")
        .layer("Contract").definedBy("io.blockline.api..")
        .layer("Client").definedBy("io.blockline.client..")
        .layer("Infrastructure").definedBy("io.blockline.config..", "io.blockline.db..", "io.blockline.net..",
            "io.blockline.metrics..", "io.blockline.cluster..")
        .whereLayer("Server").mayNotBeAccessedByAnyLayer()
        .whereLayer("Cli").mayOnlyBeAccessedByLayers("Server")
        .whereLayer("Http").mayOnlyBeAccessedByLayers("Server")
        .whereLayer("Verticles").mayOnlyBeAccessedByLayers("Server", "Http")
        .whereLayer("BusApi").mayOnlyBeAccessedByLayers("Server", "Verticles")
        .whereLayer("Work").mayOnlyBeAccessedByLayers("Server", "Http", "Verticles", "BusApi")
        .whereLayer("Store").mayOnlyBeAccessedByLayers("Server", "Http", "Verticles", "BusApi", "Work")
        .whereLayer("Rules").mayOnlyBeAccessedByLayers("Server", "Http", "Verticles", "BusApi", "Work", "Store", "Client")
        .whereLayer("Client").mayNotBeAccessedByAnyLayer()
        .whereLayer("Infrastructure").mayNotAccessAnyLayer()
        .check(MAIN);
  }

  @Test
  void the_contract_depends_on_nothing_of_ours() {
    noClasses().that().resideInAPackage("io.blockline.api..")
        .should().dependOnClassesThat().resideInAnyPackage("io.blockline", "io.blockline.http..", "io.blockline.bus..",
            "io.blockline.node..", "io.blockline.engine..", "io.blockline.claim..", "io.blockline.maintenance..",
            "io.blockline.delivery..", "io.blockline.worker..", "io.blockline.process..", "io.blockline.store..",
            "io.blockline.block..", "io.blockline.session..", "io.blockline.handler..", "io.blockline.auth..",
            "io.blockline.client..", "io.blockline.config..", "io.blockline.db..", "io.blockline.net..",
            "io.blockline.metrics..", "io.blockline.cluster..", "io.blockline.cli..")
        .check(MAIN);
  }

  /** The CLI is a client like any other: it reaches a node over HTTP, never through the server's classes. */
  @Test
  void the_cli_depends_on_nothing_of_ours() {
    noClasses().that().resideInAPackage("io.blockline.cli..")
        .should().dependOnClassesThat().resideInAnyPackage("io.blockline", "io.blockline.api..", "io.blockline.http..",
            "io.blockline.bus..", "io.blockline.node..", "io.blockline.engine..", "io.blockline.claim..",
            "io.blockline.maintenance..", "io.blockline.delivery..", "io.blockline.worker..", "io.blockline.process..",
            "io.blockline.store..", "io.blockline.block..", "io.blockline.session..", "io.blockline.handler..",
            "io.blockline.auth..", "io.blockline.client..", "io.blockline.config..", "io.blockline.db..",
            "io.blockline.net..", "io.blockline.metrics..", "io.blockline.cluster..")
        .check(MAIN);
  }

  @Test
  void block_rules_know_nothing_of_sessions_or_handlers() {
    noClasses().that().resideInAPackage("io.blockline.block..")
        .should().dependOnClassesThat().resideInAnyPackage("io.blockline.session..", "io.blockline.handler..")
        .check(MAIN);
  }

  @Test
  void handler_kinds_know_nothing_of_blocks_or_sessions() {
    noClasses().that().resideInAPackage("io.blockline.handler..")
        .should().dependOnClassesThat().resideInAnyPackage("io.blockline.block..", "io.blockline.session..")
        .check(MAIN);
  }

  /** Only {@code cluster} names Hazelcast, and only the server uses {@code cluster}: a node not clustered loads none of it. */
  @Test
  void hazelcast_stays_in_the_cluster_package() {
    noClasses().that().resideOutsideOfPackage("io.blockline.cluster..")
        .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..", "io.vertx.spi.cluster.hazelcast..")
        .check(MAIN);
    noClasses().that().resideOutsideOfPackages("io.blockline", "io.blockline.cluster..")
        .should().dependOnClassesThat().resideInAPackage("io.blockline.cluster..")
        .check(MAIN);
  }

  @Test
  void no_two_packages_depend_on_each_other() {
    slices().matching("io.blockline.(*)..").should().beFreeOfCycles().check(MAIN);
  }
}
