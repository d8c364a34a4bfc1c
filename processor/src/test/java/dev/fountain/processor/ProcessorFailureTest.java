package dev.fountain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.fountain.processor.Sources.handler;

import com.google.testing.compile.Compilation;
import javax.annotation.processing.RoundEnvironment;
import org.junit.jupiter.api.Test;

class ProcessorFailureTest {

    @Test
    void aBugInTheProcessorIsOneReadableCompileErrorNotACrash() {
        RouteProcessor buggy = new RouteProcessor() {
            @Override
            void processRound(RoundEnvironment round) {
                if (!round.processingOver()) {
                    throw new IllegalStateException("a bug");
                }
            }
        };
        Compilation compilation = javac().withProcessors(buggy).compile(handler(
                "@Subscribe(\"a\")",
                "void handle(String payload) {}"));
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("Fountain's annotation processor failed:"
                + " java.lang.IllegalStateException: a bug at dev.fountain.processor.ProcessorFailureTest$1"
                + ".processRound(ProcessorFailureTest.java:");
        assertThat(compilation).hadErrorContaining("; please report it");
    }
}
