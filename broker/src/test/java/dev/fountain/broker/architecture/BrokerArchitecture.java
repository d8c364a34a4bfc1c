package dev.fountain.broker.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The broker's package rules, in one place so that {@link BrokerArchitectureTest} holds the broker
 * to them and {@link RulesCatchViolationsTest} shows on a deliberately bad fixture that they fail
 * when broken. Each rule takes the base package, which is how the fixture gets the same rule.
 *
 * <p>The layers, top to bottom: transport (listeners, TLS, WebSocket) -> protocol (one connection's
 * MQTT state machine) -> session -> routing; the in-process client and the bridges sit beside
 * protocol. Security, config and log are services any layer uses; they never reach up into
 * transport, protocol or session. The root package ({@code Broker},
 * {@code Main}) wires everything and sits above all of it (docs/ARCHITECTURE.md).
 */
final class BrokerArchitecture {

    static final String BROKER = "dev.fountain.broker";

    private BrokerArchitecture() {
    }

    /** (a) No cycle between any two packages under {@code base}, subpackages included. */
    static ArchRule noPackageCycles(String base) {
        return slices().matching(base + ".(**)").should().beFreeOfCycles();
    }

    /**
     * (b) transport -> protocol -> session -> store -> routing, and the services below them all. The
     * in-process client ({@code local}) and the outgoing bridges ({@code bridge}) are kinds of
     * connection beside protocol: they use session and routing (and the services), and only the
     * root package uses them. The {@code $SYS} publisher ({@code sys}) is one more beside them. The
     * HTTP endpoints ({@code http}) sit under transport, which serves them, and over the meters
     * ({@code stats}), a service every layer counts into.
     */
    static ArchRule layersPointDown(String base) {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("transport").definedBy(base + ".transport..")
                .layer("protocol").definedBy(base + ".protocol..")
                .optionalLayer("local").definedBy(base + ".local..")
                .optionalLayer("bridge").definedBy(base + ".bridge..")
                .optionalLayer("sys").definedBy(base + ".sys..")
                .optionalLayer("http").definedBy(base + ".http..")
                .layer("session").definedBy(base + ".session..")
                .optionalLayer("store").definedBy(base + ".store..")
                .layer("routing").definedBy(base + ".routing..")
                .layer("services").definedBy(base + ".security..", base + ".config..", base + ".log..",
                        base + ".stats..")
                .whereLayer("transport").mayNotBeAccessedByAnyLayer()
                .whereLayer("protocol").mayOnlyBeAccessedByLayers("transport")
                .whereLayer("local").mayNotBeAccessedByAnyLayer()
                .whereLayer("bridge").mayNotBeAccessedByAnyLayer()
                .whereLayer("sys").mayNotBeAccessedByAnyLayer()
                .whereLayer("http").mayOnlyBeAccessedByLayers("transport")
                .whereLayer("session").mayOnlyBeAccessedByLayers("transport", "protocol", "local", "bridge")
                .whereLayer("store").mayOnlyBeAccessedByLayers("transport", "protocol", "local", "bridge", "session")
                .whereLayer("routing").mayOnlyBeAccessedByLayers("transport", "protocol", "local", "bridge", "sys",
                        "session", "store", "services");
    }

    /**
     * (c) The broker is Netty and SLF4J only: nothing in it reaches the application runtime, or the
     * libraries the runtime brings (Guice, Guava, Jackson), so whoever embeds it gets none of them.
     */
    static ArchRule noApplicationLibraries(String base) {
        return noClasses().that().resideInAPackage(base + "..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.fountain.app..", "com.google.inject..", "com.google.common..", "com.fasterxml.jackson..");
    }

    /** (d) The root package is the top: only its own classes use {@code Broker}, {@code Main} and the rest. */
    static ArchRule rootPackageIsTheTop(String base) {
        return noClasses().that().resideInAPackage(base + "..").and().resideOutsideOfPackage(base)
                .should().dependOnClassesThat().resideInAPackage(base);
    }

    static List<ArchRule> all(String base) {
        return List.of(noPackageCycles(base), layersPointDown(base), noApplicationLibraries(base),
                rootPackageIsTheTop(base));
    }
}
