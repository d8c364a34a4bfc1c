package dev.fountain.broker.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * Proof that {@link BrokerArchitectureTest} can fail: the same rules, run over test-only packages
 * that break them, report it. Two packages that import each other ({@code dev.fountain.archfixture.a}
 * and {@code .b}) are a cycle; a {@code routing} package that uses a {@code session} package
 * ({@code dev.fountain.archfixture.upward}) points up. A rule that passes on everything would pass
 * the broker too.
 */
class RulesCatchViolationsTest {

    private static final String FIXTURE = "dev.fountain.archfixture";

    @Test
    void theCycleRuleReportsTwoPackagesThatImportEachOther() {
        JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE + ".a", FIXTURE + ".b");
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

    @Test
    void theLayerRuleReportsRoutingUsingSession() {
        String base = FIXTURE + ".upward";
        JavaClasses fixture = new ClassFileImporter().importPackages(base);

        EvaluationResult result = BrokerArchitecture.layersPointDown(base).evaluate(fixture);

        // The fixture has only two of the five layers; the rule also reports the others as empty,
        // which is what it would say of the broker if a layer's package were renamed.
        assertThat(result.getFailureReport().getDetails()).contains(
                "Field <dev.fountain.archfixture.upward.routing.Index.owner> has type"
                        + " <dev.fountain.archfixture.upward.session.Owner> in (Index.java:0)");
        assertThat(BrokerArchitecture.noPackageCycles(base).evaluate(fixture).hasViolation()).isFalse();
    }
}
