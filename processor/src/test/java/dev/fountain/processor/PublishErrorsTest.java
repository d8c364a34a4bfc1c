package dev.fountain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fountain.processor.Compilations.compile;
import static dev.fountain.processor.Compilations.compileAgainst;
import static dev.fountain.processor.Sources.FIRST_MEMBER_LINE;
import static dev.fountain.processor.Sources.handler;

import dev.fountain.Subscribe;
import dev.fountain.app.RouteTable;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Errors in a {@code @Publish}: its topic and QoS, and return values that cannot be published. */
class PublishErrorsTest {

    private static final int PUBLISH_LINE = FIRST_MEMBER_LINE + 1;

    @Test
    void aWildcardInThePublishTopicIsAnError() {
        assertPublishError("@Publish(\"alerts/+\")", "String", "invalid @Publish topic 'alerts/+': a topic name must"
                + " not contain the wildcard '+' (at index 7); wildcards belong in subscription filters only"
                + " [MQTT-3.3.2-2]");
    }

    @Test
    void anEmptyPublishTopicIsAnError() {
        assertPublishError("@Publish(\"\")", "String", "invalid @Publish topic '': a topic name must be at least one"
                + " character long [MQTT-4.7.3-1]");
    }

    @Test
    void aPlaceholderWithoutKeyInThePublishTopicIsAnError() {
        assertPublishError("@Publish(\"site/${}/alerts\")", "String", "invalid @Publish topic 'site/${}/alerts': the"
                + " placeholder at index 5 has no key: write ${key}");
    }

    @Test
    void aPublishQosOtherThanZeroOneOrTwoIsAnError() {
        assertPublishError("@Publish(value = \"alerts\", qos = 3)", "String", "invalid QoS 3 in @Publish: a message is"
                + " published with QoS 0, 1 or 2 [MQTT-3.3.1-4]; write qos = 0, 1 or 2");
    }

    @Test
    void publishOnAVoidMethodIsAnError() {
        assertPublishError("@Publish(\"alerts\")", "void", "@Publish on handle, which returns void: there is no value to"
                + " publish; return the payload to publish, or remove @Publish");
    }

    @Test
    void aReturnTypeWithoutConverterIsAnError() {
        assertPublishError("@Publish(\"alerts\")", "List<String>", "no converter for the return value of handle of"
                + " type java.util.List<java.lang.String>: the type arguments of a generic type are erased at run"
                + " time, so no converter sees them; return a record or class that holds the value instead");
    }

    @Test
    void aClassReturnValueWithoutJacksonOnTheClassPathIsAnError() {
        JavaFileObject source = handler(
                "@Subscribe(\"a\")",
                "@Publish(\"alerts\")",
                "Object handle(String payload) { return null; }");
        assertThat(compileAgainst(List.of(Subscribe.class, RouteTable.class), source))
                .hadErrorContaining("no converter for the return value of handle of type java.lang.Object: add"
                        + " com.fasterxml.jackson.core:jackson-databind to the dependencies to write it as JSON, or"
                        + " return String, byte[] or ByteBuffer")
                .inFile(source).onLine(PUBLISH_LINE);
    }

    @Test
    void publishWithoutSubscribeIsAnError() {
        JavaFileObject source = handler(
                "@Publish(\"alerts\")",
                "String handle() { return \"\"; }");
        assertThat(compile(source)).hadErrorContaining("@Publish on handle, which has no @Subscribe: a value is"
                + " published when the method has handled a message; add @Subscribe, or remove @Publish")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    private static void assertPublishError(String publish, String returnType, String message) {
        JavaFileObject source = handler(
                "@Subscribe(\"a\")",
                publish,
                returnType + " handle(String payload) { " + (returnType.equals("void") ? "" : "return null; ") + "}");
        assertThat(compile(source)).hadErrorContaining(message).inFile(source).onLine(PUBLISH_LINE);
    }
}
