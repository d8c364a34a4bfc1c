package dev.fountain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fountain.processor.Compilations.compile;
import static dev.fountain.processor.Sources.FIRST_MEMBER_LINE;
import static dev.fountain.processor.Sources.handler;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @Subscribe} methods the generated code cannot call, and return values nobody reads. */
class HandlerMethodErrorsTest {

    @Test
    void aPrivateMethodIsAnError() {
        JavaFileObject source = handler(
                "@Subscribe(\"a\")",
                "private void handle(String payload) {}");
        assertThat(compile(source)).hadErrorContaining("@Subscribe method handle is private, so the generated routing"
                + " table cannot call it: make it package-private or public")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    @Test
    void aStaticMethodIsAnError() {
        JavaFileObject source = handler(
                "@Subscribe(\"a\")",
                "static void handle(String payload) {}");
        assertThat(compile(source)).hadErrorContaining("@Subscribe method handle is static: Fountain calls handlers on"
                + " the instance Guice creates; remove static")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    @Test
    void anAbstractMethodIsAnError() {
        JavaFileObject source = Sources.file("example.Handler", "abstract class Handler {",
                "@Subscribe(\"a\")",
                "abstract void handle(String payload);");
        assertThat(compile(source)).hadErrorContaining("@Subscribe method handle is abstract, so there is no code to"
                + " call: give it a body")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    @Test
    void aGenericMethodIsAnError() {
        JavaFileObject source = handler(
                "@Subscribe(\"a\")",
                "<T extends Number, U> void handle(String payload) {}");
        assertThat(compile(source)).hadErrorContaining("@Subscribe method handle declares the type parameters <T, U>,"
                + " which the generated routing table cannot choose: use concrete types")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    @Test
    void aMethodThrowingThrowableIsAnError() {
        JavaFileObject source = handler(
                "@Subscribe(\"a\")",
                "void handle(String payload) throws Throwable {}");
        assertThat(compile(source)).hadErrorContaining("@Subscribe method handle declares throws java.lang.Throwable,"
                + " but a handler may throw only exceptions, which the dispatcher reports: throw an Exception"
                + " instead")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    @Test
    void aMethodThrowingCheckedExceptionsIsAccepted() {
        assertThat(compile(handler(
                "@Subscribe(\"a\")",
                "void handle(String payload) throws java.io.IOException, InterruptedException {}")))
                .succeededWithoutWarnings();
    }

    @Test
    void aReturnValueWithoutPublishIsAWarning() {
        JavaFileObject source = handler(
                "@Subscribe(\"a\")",
                "String handle(String payload) { return payload; }");
        Compilation compilation = compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("the return value of handle is ignored: add @Publish(\"topic\")"
                + " to publish it")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    @Test
    void methodErrorsUnderlineTheSubscribeAnnotation() {
        JavaFileObject source = handler(
                "public @Subscribe(\"a\") static void handle(String payload) {}");
        assertThat(compile(source)).hadErrorContaining("@Subscribe method handle is static")
                .inFile(source).onLine(FIRST_MEMBER_LINE).atColumn(8);
    }
}
