package dev.fountain.processor.model;

import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Finds annotations by name. Messages need the mirrors, not just the values: javac underlines the
 * annotation (or one of its values) that a mirror points to.
 */
public final class Annotations {

    private Annotations() {
    }

    /** The annotation named {@code qualifiedName} on {@code element}, if present. */
    public static Optional<AnnotationMirror> find(Element element, String qualifiedName) {
        return element.getAnnotationMirrors().stream()
                .filter(mirror -> name(mirror).equals(qualifiedName))
                .map(mirror -> (AnnotationMirror) mirror)
                .findFirst();
    }

    /** The qualified name of the annotation's type. */
    public static String name(AnnotationMirror mirror) {
        return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
    }

    /**
     * The value of {@code attribute} as written in the source, or {@code null} when the source
     * leaves it to its default (and there is nothing to underline).
     */
    public static AnnotationValue explicitValue(AnnotationMirror mirror, String attribute) {
        for (var entry : mirror.getElementValues().entrySet()) {
            ExecutableElement key = entry.getKey();
            if (key.getSimpleName().contentEquals(attribute)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
