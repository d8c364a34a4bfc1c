package dev.fountain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fountain.processor.Compilations.compile;
import static dev.fountain.processor.Compilations.compileAgainst;
import static dev.fountain.processor.Sources.FIRST_MEMBER_LINE;
import static dev.fountain.processor.Sources.file;

import dev.fountain.AppModule;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @AppModule} classes that ServiceLoader could not create or Guice could not install. The
 * error is on the class's line, where {@code @AppModule} is.
 */
class AppModuleErrorsTest {

    private static final int CLASS_LINE = FIRST_MEMBER_LINE - 1;

    @Test
    void aClassThatIsNotAGuiceModuleIsAnError() {
        JavaFileObject source = module("@AppModule public class Wiring {");
        assertThat(compile(source)).hadErrorContaining("@AppModule class Wiring does not implement"
                + " com.google.inject.Module, which Fountain installs in the application's injector: implement Module"
                + " or extend AbstractModule")
                .inFile(source).onLine(CLASS_LINE);
    }

    @Test
    void aClassThatIsNotAGuiceModuleIsAnErrorEvenWithoutGuiceOnTheClassPath() {
        JavaFileObject source = module("@AppModule public class Wiring {");
        assertThat(compileAgainst(List.of(AppModule.class), source)).hadErrorContaining("@AppModule class Wiring does"
                + " not implement com.google.inject.Module")
                .inFile(source).onLine(CLASS_LINE);
    }

    @Test
    void anAbstractModuleClassIsAnError() {
        JavaFileObject source = module("@AppModule public abstract class Wiring extends com.google.inject.AbstractModule {");
        assertThat(compile(source)).hadErrorContaining("@AppModule class Wiring is abstract, so ServiceLoader cannot"
                + " create it: make it concrete")
                .inFile(source).onLine(CLASS_LINE);
    }

    @Test
    void aModuleClassThatIsNotPublicIsAnError() {
        JavaFileObject source = module("@AppModule class Wiring extends com.google.inject.AbstractModule {");
        assertThat(compile(source)).hadErrorContaining("@AppModule class Wiring is not public, so ServiceLoader cannot"
                + " create it: make it public")
                .inFile(source).onLine(CLASS_LINE);
    }

    @Test
    void aPrivateNestedModuleClassIsAnError() {
        JavaFileObject source = module("public class Wiring {",
                "@AppModule private static class Lights extends com.google.inject.AbstractModule {",
                "    public Lights() {}",
                "}");
        assertThat(compile(source)).hadErrorContaining("@AppModule class Wiring.Lights is not public, so ServiceLoader"
                + " cannot create it: make it public")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    @Test
    void anInnerModuleClassIsAnError() {
        JavaFileObject source = module("public class Wiring {",
                "@AppModule public class Lights extends com.google.inject.AbstractModule {",
                "}");
        assertThat(compile(source)).hadErrorContaining("@AppModule class Wiring.Lights is an inner class, so"
                + " ServiceLoader cannot create it without an instance of Wiring: make it static")
                .inFile(source).onLine(FIRST_MEMBER_LINE);
    }

    @Test
    void aModuleClassWithoutAPublicNoArgumentConstructorIsAnError() {
        JavaFileObject source = module("@AppModule public class Wiring extends com.google.inject.AbstractModule {",
                "Wiring() {}");
        assertThat(compile(source)).hadErrorContaining("@AppModule class Wiring has no public constructor without"
                + " parameters, which ServiceLoader calls: add one")
                .inFile(source).onLine(CLASS_LINE);
    }

    @Test
    void anInterfaceIsAnError() {
        JavaFileObject source = module("@AppModule public interface Wiring extends com.google.inject.Module {");
        assertThat(compile(source)).hadErrorContaining("@AppModule class Wiring is not a class, so ServiceLoader cannot"
                + " create it: annotate a class that implements com.google.inject.Module")
                .inFile(source).onLine(CLASS_LINE);
    }

    @Test
    void aPublicModuleWithAPublicConstructorIsAccepted() {
        assertThat(compile(module("@AppModule public class Wiring extends com.google.inject.AbstractModule {")))
                .succeededWithoutWarnings();
    }

    private static JavaFileObject module(String declaration, String... members) {
        return file("example.Wiring", declaration, members);
    }
}
