package dev.fountain.processor.model;

import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Classifies types into {@link ValueKind}s. */
final class ValueTypes {

    private ValueTypes() {
    }

    static ValueType classify(TypeMirror type) {
        return switch (type.getKind()) {
            case VOID -> of(type, ValueKind.VOID);
            case BOOLEAN -> of(type, ValueKind.BOOLEAN);
            case BYTE -> of(type, ValueKind.BYTE);
            case SHORT -> of(type, ValueKind.SHORT);
            case INT -> of(type, ValueKind.INT);
            case LONG -> of(type, ValueKind.LONG);
            case FLOAT -> of(type, ValueKind.FLOAT);
            case DOUBLE -> of(type, ValueKind.DOUBLE);
            case ARRAY -> of(type, ((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE
                    ? ValueKind.BYTES : ValueKind.ARRAY);
            case TYPEVAR -> of(type, ValueKind.TYPE_VARIABLE);
            case ERROR -> of(type, ValueKind.UNRESOLVED);
            case DECLARED -> declared((DeclaredType) type);
            default -> of(type, ValueKind.OTHER);
        };
    }

    private static ValueType declared(DeclaredType type) {
        TypeElement element = (TypeElement) type.asElement();
        ValueKind known = byName(element.getQualifiedName().toString());
        if (known != null) {
            return of(type, known);
        }
        if (element.getKind() == ElementKind.ENUM) {
            return new ValueType(type, ValueKind.ENUM, element);
        }
        if (!type.getTypeArguments().isEmpty() || !element.getTypeParameters().isEmpty()) {
            return of(type, ValueKind.GENERIC);
        }
        return new ValueType(type, ValueKind.OBJECT, element);
    }

    private static ValueKind byName(String qualifiedName) {
        return switch (qualifiedName) {
            case "java.lang.String" -> ValueKind.STRING;
            case "java.nio.ByteBuffer" -> ValueKind.BUFFER;
            case "java.lang.Boolean" -> ValueKind.BOOLEAN;
            case "java.lang.Byte" -> ValueKind.BYTE;
            case "java.lang.Short" -> ValueKind.SHORT;
            case "java.lang.Integer" -> ValueKind.INT;
            case "java.lang.Long" -> ValueKind.LONG;
            case "java.lang.Float" -> ValueKind.FLOAT;
            case "java.lang.Double" -> ValueKind.DOUBLE;
            case "java.lang.Character" -> ValueKind.OTHER;
            default -> null;
        };
    }

    private static ValueType of(TypeMirror type, ValueKind kind) {
        return new ValueType(type, kind, null);
    }
}
