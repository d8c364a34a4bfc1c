package dev.fountain.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;

/**
 * One parameter of a {@code @Subscribe} method.
 *
 * @param element the parameter
 * @param binding what it receives: the first Fountain annotation on it decides, none means the payload
 * @param annotation that first annotation, or {@code null} for the payload
 * @param extraAnnotations any further Fountain annotations on it, which are errors
 * @param wildcardIndex the {@code @Wildcard} index; 0 for other bindings
 * @param propertyName the {@code @UserProperty} name; {@code null} for other bindings
 * @param type its type
 */
public record Parameter(VariableElement element, Binding binding, AnnotationMirror annotation,
        List<AnnotationMirror> extraAnnotations, int wildcardIndex, String propertyName, ValueType type) {

    public Parameter {
        extraAnnotations = List.copyOf(extraAnnotations);
    }

    public String name() {
        return element.getSimpleName().toString();
    }
}
