package dev.fountain.processor.validation;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** What validation found: every problem, not just the first, so one build shows them all. */
public final class Report {

    private final List<Problem> problems;

    private Report(List<Problem> problems) {
        this.problems = List.copyOf(problems);
    }

    /** Whether code must not be generated: it would not compile, or not do what the source says. */
    public boolean hasErrors() {
        return problems.stream().anyMatch(problem -> problem.kind() == Diagnostic.Kind.ERROR);
    }

    public void printTo(Messager messager) {
        problems.forEach(problem -> problem.printTo(messager));
    }

    static Builder builder() {
        return new Builder();
    }

    /** Collects problems while validators walk the model. */
    static final class Builder {

        private final List<Problem> problems = new ArrayList<>();

        Builder error(String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
            problems.add(new Problem(Diagnostic.Kind.ERROR, message, element, annotation, value));
            return this;
        }

        Builder error(String message, Element element, AnnotationMirror annotation) {
            return error(message, element, annotation, null);
        }

        Builder warning(String message, Element element, AnnotationMirror annotation) {
            problems.add(new Problem(Diagnostic.Kind.WARNING, message, element, annotation, null));
            return this;
        }

        Report build() {
            return new Report(problems);
        }
    }
}
