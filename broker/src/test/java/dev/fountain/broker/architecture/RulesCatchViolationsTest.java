package dev.fountain.broker.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * Proof that {@link BrokerArchitectureTest} can fail: the same rule, run over two test-only
 * packages that import each other ({@code dev.fountain.archfixture.a} and {@code .b}), reports the
 * cycle. A rule that passes on everything would pass the broker too.
 */
class RulesCatchViolationsTest {

    private static final String FIXTURE = "dev.fountain.archfixture";

    @Test
    void theCycleRuleReportsTwoPackagesThatImportEachOther() {
        JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);
        assertThat(fixture.stream().map(c -> c.getSimpleName())).contains("Ping", "Pong");

        EvaluationResult result = BrokerArchitecture.noPackageCycles(FIXTURE).evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).singleElement().asString()
                .contains("Cycle detected: Slice a -> ", "Slice b -> ")
                .contains("dev.fountain.archfixture.a.Ping", "dev.fountain.archfixture.b.Pong");
    }

    @Test
    void theCycleRuleAcceptsOnePackageOfTheFixtureAlone() {
        JavaClasses oneSide = new ClassFileImporter().importPackages(FIXTURE + ".a");

        assertThat(BrokerArchitecture.noPackageCycles(FIXTURE).evaluate(oneSide).hasViolation()).isFalse();
    }
}
