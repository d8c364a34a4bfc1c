package dev.fountain.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application runtime talks to the broker only through its public API: {@code Broker} (the
 * root package), the in-process client ({@code local}) and the configuration ({@code config}).
 * Everything else of the broker is internal and may change under the runtime's feet; a second
 * connector (a network client) must be able to replace the embedded broker without the runtime
 * noticing.
 */
class RuntimeArchitectureTest {

    private static JavaClasses runtime;

    @BeforeAll
    static void importRuntime() {
        runtime = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("dev.fountain.app");
    }

    @Test
    void theRuntimeUsesOnlyTheBrokersPublicApi() {
        noClasses().that().resideInAPackage("dev.fountain.app..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.fountain.broker.transport..",
                        "dev.fountain.broker.protocol..", "dev.fountain.broker.session..",
                        "dev.fountain.broker.routing..", "dev.fountain.broker.security..", "dev.fountain.broker.log..")
                .check(runtime);
    }

    @Test
    void noPackageCyclesInTheRuntime() {
        slices().matching("dev.fountain.(**)").should().beFreeOfCycles().check(runtime);
    }
}
