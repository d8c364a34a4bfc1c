package dev.fountain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fountain.processor.Compilations.compile;
import static dev.fountain.processor.Sources.FIRST_MEMBER_LINE;
import static dev.fountain.processor.Sources.file;
import static dev.fountain.processor.Sources.handler;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Handler classes the generated table cannot name or Guice cannot create. The error is on the class,
 * on the line that declares it, and names the first {@code @Subscribe} method to say why it matters.
 */
class HandlerClassErrorsTest {

    private static final int CLASS_LINE = FIRST_MEMBER_LINE - 1;

    @Test
    void aPrivateClassIsAnError() {
        JavaFileObject source = handler(
                "private static class Lamp {",
                "    @Subscribe(\"lamp\") void lamp(String payload) {}",
                "}");
        assertThat(compile(source)).hadErrorContaining("handler class Handler.Lamp (of @Subscribe method lamp) is"
                + " private, so the generated routing table cannot name it: make it package-private or public")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    @Test
    void aClassInsideAPrivateClassIsAnError() {
        JavaFileObject source = handler(
                "private static class Room {",
                "    static class Lamp {",
                "        @Subscribe(\"lamp\") void lamp(String payload) {}",
                "    }",
                "}");
        assertThat(compile(source)).hadErrorContaining("handler class Handler.Room.Lamp (of @Subscribe method lamp) is"
                + " inside the private class Handler.Room, so the generated routing table cannot name it: make Room"
                + " package-private or public")
                .inFile(source).onLine(FIRST_MEMBER_LINE + 1);
    }

    @Test
    void anAbstractClassIsAnError() {
        JavaFileObject source = file("example.Handler", "abstract class Handler {",
                "@Subscribe(\"lamp\") void lamp(String payload) {}");
        assertThat(compile(source)).hadErrorContaining("handler class Handler (of @Subscribe method lamp) is abstract,"
                + " so Guice cannot create it: make it concrete, or move the @Subscribe methods to a concrete class")
                .inFile(source).onLine(CLASS_LINE);
    }

    @Test
    void anInterfaceIsAnError() {
        JavaFileObject source = file("example.Handler", "interface Handler {",
                "@Subscribe(\"lamp\") default void lamp(String payload) {}");
        assertThat(compile(source)).hadErrorContaining("handler class Handler (of @Subscribe method lamp) is an"
                + " interface, so Guice cannot create it: move the @Subscribe methods to a class")
                .inFile(source).onLine(CLASS_LINE);
    }

    @Test
    void anEnumIsAnError() {
        JavaFileObject source = file("example.Handler", "enum Handler {",
                "INSTANCE;",
                "@Subscribe(\"lamp\") void lamp(String payload) {}");
        assertThat(compile(source)).hadErrorContaining("handler class Handler (of @Subscribe method lamp) is an enum,"
                + " so Guice cannot create it: move the @Subscribe methods to a class")
                .inFile(source).onLine(CLASS_LINE);
    }

    @Test
    void anInnerClassIsAnError() {
        JavaFileObject source = handler(
                "class Lamp {",
                "    @Subscribe(\"lamp\") void lamp(String payload) {}",
                "}");
        assertThat(compile(source)).hadErrorContaining("handler class Handler.Lamp (of @Subscribe method lamp) is an"
                + " inner class, so Guice cannot create it without an instance of Handler: make it static")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    @Test
    void aGenericClassIsAnError() {
        JavaFileObject source = file("example.Handler", "class Handler<K, V> {",
                "@Subscribe(\"lamp\") void lamp(String payload) {}");
        assertThat(compile(source)).hadErrorContaining("handler class Handler (of @Subscribe method lamp) is generic,"
                + " so Guice cannot choose its type arguments: remove the type parameters <K, V>")
                .inFile(source).onLine(CLASS_LINE);
    }

    @Test
    void aClassWithoutAConstructorGuiceCanUseIsAnError() {
        JavaFileObject source = handler(
                "Handler(String name) {}",
                "private Handler() {}",
                "@Subscribe(\"lamp\") void lamp(String payload) {}");
        assertThat(compile(source)).hadErrorContaining("handler class Handler (of @Subscribe method lamp) has no"
                + " constructor Guice can use: annotate the constructor Guice should call with @Inject, or add a"
                + " constructor without parameters that is not private")
                .inFile(source).onLine(CLASS_LINE);
    }

    @Test
    void aClassWithTwoInjectConstructorsIsAnError() {
        JavaFileObject source = handler(
                "@jakarta.inject.Inject Handler(String name) {}",
                "@com.google.inject.Inject Handler(Integer number) {}",
                "@Subscribe(\"lamp\") void lamp(String payload) {}");
        assertThat(compile(source)).hadErrorContaining("handler class Handler (of @Subscribe method lamp) has 2"
                + " constructors annotated @Inject, and Guice calls exactly one: keep @Inject on one of them")
                .inFile(source).onLine(CLASS_LINE);
    }

    @Test
    void theErrorNamesTheFirstSubscribeMethodInDeclarationOrder() {
        JavaFileObject source = file("example.Handler", "abstract class Handler {",
                "@Subscribe(\"b\") void second(String payload) {}",
                "@Subscribe(\"a\") void first(String payload) {}");
        assertThat(compile(source)).hadErrorContaining("handler class Handler (of @Subscribe method second) is"
                + " abstract");
    }
}
