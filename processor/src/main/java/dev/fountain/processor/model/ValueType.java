package dev.fountain.processor.model;

import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * A parameter or return type and its {@link ValueKind}.
 *
 * @param mirror the type as declared
 * @param kind how a message converts to it
 * @param element the class an {@link ValueKind#ENUM} or {@link ValueKind#OBJECT} names, which the
 *     generated code passes as {@code Type.class}; {@code null} for the other kinds
 */
public record ValueType(TypeMirror mirror, ValueKind kind, TypeElement element) {

    @Override
    public String toString() {
        return mirror.toString();
    }
}
