package dev.fountain.broker.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Holds the broker's main classes to {@link BrokerArchitecture}; test classes may cut across layers. */
class BrokerArchitectureTest {

    private static JavaClasses broker;

    @BeforeAll
    static void importBroker() {
        broker = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages(BrokerArchitecture.BROKER);
    }

    @Test
    void noPackageCyclesInTheBroker() {
        BrokerArchitecture.noPackageCycles(BrokerArchitecture.BROKER).check(broker);
    }

    @Test
    void layersOnlyPointDown() {
        BrokerArchitecture.layersPointDown(BrokerArchitecture.BROKER).check(broker);
    }

    @Test
    void theBrokerNeedsNoApplicationLibraries() {
        BrokerArchitecture.noApplicationLibraries(BrokerArchitecture.BROKER).check(broker);
    }

    @Test
    void nothingBelowTheRootPackageUsesIt() {
        BrokerArchitecture.rootPackageIsTheTop(BrokerArchitecture.BROKER).check(broker);
    }
}
