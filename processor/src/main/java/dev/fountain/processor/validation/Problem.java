package dev.fountain.processor.validation;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * One error or warning, and where javac shows it: on the element, narrowed to the annotation and,
 * when the problem is one of its values, to that value, so that the IDE underlines what to change.
 *
 * @param annotation the annotation to underline, or {@code null} for the element as a whole
 * @param value the annotation's value to underline, or {@code null}
 */
record Problem(Diagnostic.Kind kind, String message, Element element, AnnotationMirror annotation,
        AnnotationValue value) {

    void printTo(Messager messager) {
        if (annotation == null) {
            messager.printMessage(kind, message, element);
        } else if (value == null) {
            messager.printMessage(kind, message, element, annotation);
        } else {
            messager.printMessage(kind, message, element, annotation, value);
        }
    }
}
