package dev.fountain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.fountain.processor.Sources.handler;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/**
 * A payload type that another processor generates (a builder, an immutable value) does not exist
 * in the first round; the handler waits for it instead of failing with "no converter".
 */
class DeferredTypesTest {

    @Test
    void aHandlerUsingATypeAnotherProcessorGeneratesGetsItsTableInALaterRound() {
        Compilation compilation = javac()
                .withProcessors(new RouteProcessor(), new ReadingGenerator())
                .compile(handler(
                        "@Subscribe(\"home/temperature\")",
                        "void temperature(Reading reading) {}"));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("example.Handler_FountainRoutes").contentsAsUtf8String()
                .contains("((Handler) handler).temperature(message.payloadJson(Reading.class));");
    }

    /** Generates {@code example.Reading} in the first round, as Immutables or AutoValue would. */
    private static final class ReadingGenerator extends AbstractProcessor {

        private boolean generated;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (generated) {
                return false;
            }
            generated = true;
            try (Writer writer = processingEnv.getFiler().createSourceFile("example.Reading").openWriter()) {
                writer.write("package example;\n\npublic record Reading(double celsius) {\n}\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return false;
        }
    }
}
