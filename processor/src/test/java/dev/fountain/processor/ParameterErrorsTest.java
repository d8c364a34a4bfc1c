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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameters the generated code could not fill: types without a converter, two payloads, two bindings. */
class ParameterErrorsTest {

    @Test
    void aClassPayloadWithoutJacksonOnTheClassPathIsAnError() {
        JavaFileObject source = handler(
                "record Reading(double celsius) {}",
                "@Subscribe(\"home/temperature\")",
                "void temperature(Reading reading) {}");
        assertThat(compileAgainst(List.of(Subscribe.class, RouteTable.class), source))
                .hadErrorContaining("no converter for payload parameter 'reading' of type example.Handler.Reading:"
                        + " add com.fasterxml.jackson.core:jackson-databind to the dependencies to read it as JSON,"
                        + " or take String, byte[] or ByteBuffer")
                .inFile(source).onLine(FIRST_MEMBER_LINE + 2);
    }

    @Test
    void aGenericPayloadIsAnError() {
        assertPayloadError("List<String> readings", "no converter for payload parameter 'readings' of type"
                + " java.util.List<java.lang.String>: the type arguments of a generic type are erased at run time, so"
                + " no converter sees them; take a record or class that holds the value instead");
    }

    @Test
    void anArrayPayloadOtherThanBytesIsAnError() {
        assertPayloadError("int[] readings", "no converter for payload parameter 'readings' of type int[]: byte[] is"
                + " the only array a payload converts to; take a record or class that holds the values instead");
    }

    @Test
    void aCharPayloadIsAnError() {
        assertPayloadError("char letter", "no converter for payload parameter 'letter' of type char: a payload"
                + " converts to String, byte[], ByteBuffer, a number, a boolean, an enum or (as JSON) a class; take"
                + " String instead");
    }

    @Test
    void aTypeVariablePayloadIsAnError() {
        JavaFileObject source = Sources.file("example.Handler", "class Handler<T> {",
                "@Subscribe(\"a\")",
                "void handle(T payload) {}");
        assertThat(compile(source)).hadErrorContaining("no converter for payload parameter 'payload' of type T: a type"
                + " variable names no class to convert the payload with; take a record or class instead")
                .inFile(source).onLine(FIRST_MEMBER_LINE + 1);
    }

    @Test
    void aPayloadTypeThatIsPrivateIsAnError() {
        JavaFileObject source = handler(
                "private enum Mode { ON, OFF }",
                "@Subscribe(\"lamp\")",
                "void lamp(Mode mode) {}");
        assertThat(compile(source)).hadErrorContaining("payload parameter 'mode' has type example.Handler.Mode, which"
                + " the generated routing table cannot name because Mode is private; make Mode package-private or"
                + " public")
                .inFile(source).onLine(FIRST_MEMBER_LINE + 2);
    }

    @Test
    void aWildcardOfATypeWithoutConverterIsAnError() {
        JavaFileObject source = handler(
                "@Subscribe(\"lamps/+\")",
                "void lamp(@Wildcard(0) float level) {}");
        assertThat(compile(source)).hadErrorContaining("no converter for @Wildcard(0) parameter 'level' of type float:"
                + " a wildcard level converts to String, int, long, double, boolean (or their boxes) or an enum; take"
                + " String and convert it in the method")
                .inFile(source).onLine(FIRST_MEMBER_LINE + 1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "@Topic     | int    | the topic is a String; declare 'value' as String",
        "@Qos       | long   | the QoS is an int (0, 1 or 2); declare 'value' as int",
        "@Retained  | String | the retained flag is a boolean; declare 'value' as boolean",
        "@Duplicate | int    | the DUP flag is a boolean; declare 'value' as boolean",
        "@ContentType | int  | the content type is a String; declare 'value' as String",
        "@ResponseTopic | byte[] | the response topic is a String; declare 'value' as String",
        "@CorrelationData | String | the correlation data is bytes; declare 'value' as byte[]",
    })
    void metadataOfTheWrongTypeIsAnError(String annotation, String type, String rule) {
        JavaFileObject source = handler(
                "@Subscribe(\"a/#\")",
                "void handle(" + annotation + " " + type + " value) {}");
        String qualifiedType = type.equals("String") ? "java.lang.String" : type;
        assertThat(compile(source)).hadErrorContaining("no converter for " + annotation + " parameter 'value' of type "
                + qualifiedType + ": " + rule)
                .inFile(source).onLine(FIRST_MEMBER_LINE + 1);
    }

    @Test
    void aUserPropertyParameterMustBeAString() {
        JavaFileObject source = handler(
                "@Subscribe(\"a/#\")",
                "void handle(@UserProperty(\"origin\") int value) {}");
        assertThat(compile(source)).hadErrorContaining("no converter for @UserProperty parameter 'value' of type int:"
                + " a user property's value is a String; declare 'value' as String")
                .inFile(source).onLine(FIRST_MEMBER_LINE + 1);
    }

    @Test
    void twoPayloadParametersAreAnErrorOnTheSecond() {
        JavaFileObject source = handler(
                "@Subscribe(\"a/+\")",
                "void handle(String first,",
                "        String second) {}");
        assertThat(compile(source)).hadErrorContaining("@Subscribe method handle has two payload parameters, 'first'"
                + " and 'second': one parameter receives the payload; annotate 'second' with @Wildcard, @Topic, @Qos,"
                + " @Retained, @Duplicate, @UserProperty, @ContentType, @ResponseTopic or @CorrelationData, or"
                + " remove it")
                .inFile(source).onLine(FIRST_MEMBER_LINE + 2);
    }

    @Test
    void twoBindingAnnotationsOnOneParameterAreAnError() {
        JavaFileObject source = handler(
                "@Subscribe(\"a/+\")",
                "void handle(@Topic",
                "        @Wildcard(0) String level) {}");
        assertThat(compile(source)).hadErrorContaining("parameter 'level' has both @Topic and @Wildcard: a parameter"
                + " binds one part of the message; keep one of them")
                .inFile(source).onLine(FIRST_MEMBER_LINE + 2);
    }

    @Test
    void aBindingAnnotationOutsideASubscribeMethodIsAnError() {
        JavaFileObject source = handler(
                "void handle(@Wildcard(0) String level) {}");
        assertThat(compile(source)).hadErrorContaining("@Wildcard on parameter 'level' of handle, which has no"
                + " @Subscribe: only the parameters of a @Subscribe method are bound to a message; add @Subscribe, or"
                + " remove @Wildcard")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    private static void assertPayloadError(String parameter, String message) {
        JavaFileObject source = handler(
                "@Subscribe(\"a\")",
                "void handle(" + parameter + ") {}");
        assertThat(compile(source)).hadErrorContaining(message).inFile(source).onLine(FIRST_MEMBER_LINE + 1);
    }
}
