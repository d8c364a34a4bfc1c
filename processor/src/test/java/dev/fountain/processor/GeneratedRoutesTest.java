package dev.fountain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fountain.processor.Compilations.compile;
import static dev.fountain.processor.Compilations.resource;
import static dev.fountain.processor.Compilations.resources;
import static dev.fountain.processor.Compilations.text;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * Golden output: each scenario is a directory of test resources holding the input sources and the
 * routing tables they must generate, compared as syntax trees and as text, since the generated
 * code is read by people debugging their handlers.
 */
class GeneratedRoutesTest {

    @Test
    void theReadmeExampleGeneratesTheTableTheReadmeShows() {
        assertGenerates("readme", new String[] {"Fountains.java", "Reading.java", "Alert.java"},
                "Fountains_FountainRoutes");
    }

    @Test
    void everyPayloadTypeIsReadWithItsOwnConverter() {
        assertGenerates("payloads", new String[] {"Payloads.java", "Mode.java", "Reading.java", "Event.java"},
                "Payloads_FountainRoutes");
    }

    @Test
    void everyWildcardTypeIsReadWithItsOwnConverterIncludingEnumsAndMultiLevelWildcards() {
        assertGenerates("wildcards", new String[] {"Wildcards.java", "Mode.java"}, "Wildcards_FountainRoutes");
    }

    @Test
    void topicQosRetainedAndDuplicateParametersReadTheMessageMetadata() {
        assertGenerates("metadata", new String[] {"Metadata.java"}, "Metadata_FountainRoutes");
    }

    @Test
    void mqtt5RequestMetadataBindsToItsInboundAccessors() {
        assertGenerates("mqtt5", new String[] {"Requests.java"}, "Requests_FountainRoutes");
    }

    @Test
    void publishReturnsTheValueAndNamesTheReplyTopicQosAndRetainFlag() {
        assertGenerates("publish", new String[] {"Replies.java", "Mode.java", "State.java"},
                "Replies_FountainRoutes");
    }

    @Test
    void aSharedGroupIsPassedToTheRouteAndAnEmptyGroupIsNull() {
        assertGenerates("shared", new String[] {"Workers.java"}, "Workers_FountainRoutes");
    }

    @Test
    void placeholdersAreKeptForTheRuntimeToResolve() {
        assertGenerates("placeholders", new String[] {"Sites.java"}, "Sites_FountainRoutes");
    }

    @Test
    void nestedHandlerClassesGetTablesNamedAfterEveryEnclosingClass() {
        assertGenerates("nested", new String[] {"Garden.java"},
                "Garden_Fountain_FountainRoutes", "Garden_Pond_Pump_FountainRoutes");
    }

    @Test
    void aMethodWithoutParametersIsCalledWithoutArguments() {
        assertGenerates("noparameters", new String[] {"Heartbeat.java"}, "Heartbeat_FountainRoutes");
    }

    @Test
    void handlerClassesWithAnInjectConstructorAreAccepted() {
        assertGenerates("inject", new String[] {"Thermostat.java", "Boiler.java", "Heater.java"},
                "Thermostat_FountainRoutes", "Boiler_FountainRoutes");
    }

    private static void assertGenerates(String scenario, String[] inputs, String... tables) {
        Compilation compilation = compile(resources(scenario, inputs));
        assertThat(compilation).succeededWithoutWarnings();
        for (String table : tables) {
            String expected = scenario + "/" + table + ".java";
            assertThat(compilation).generatedSourceFile("example." + table).hasSourceEquivalentTo(resource(expected));
            assertThat(compilation).generatedSourceFile("example." + table).contentsAsUtf8String()
                    .isEqualTo(text(expected));
        }
    }
}
