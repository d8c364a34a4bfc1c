package dev.fountain.processor.validation;

import static dev.fountain.processor.model.ValueKind.BOOLEAN;
import static dev.fountain.processor.model.ValueKind.BUFFER;
import static dev.fountain.processor.model.ValueKind.BYTE;
import static dev.fountain.processor.model.ValueKind.BYTES;
import static dev.fountain.processor.model.ValueKind.DOUBLE;
import static dev.fountain.processor.model.ValueKind.ENUM;
import static dev.fountain.processor.model.ValueKind.FLOAT;
import static dev.fountain.processor.model.ValueKind.INT;
import static dev.fountain.processor.model.ValueKind.LONG;
import static dev.fountain.processor.model.ValueKind.OBJECT;
import static dev.fountain.processor.model.ValueKind.SHORT;
import static dev.fountain.processor.model.ValueKind.STRING;

import dev.fountain.processor.model.Parameter;
import dev.fountain.processor.model.SubscribeMethod;
import dev.fountain.processor.model.ValueKind;
import dev.fountain.processor.model.ValueType;
import java.util.EnumSet;
import java.util.Set;
import javax.lang.model.element.TypeElement;

/**
 * Which types each binding converts to, mirroring the runtime's {@code Inbound}: a type that passes
 * here has a converter at run time, a type that fails is a compile error that says what to take
 * instead.
 */
final class Conversions {

    private static final Set<ValueKind> PAYLOAD =
            EnumSet.of(STRING, BYTES, BUFFER, BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, ENUM, OBJECT);
    private static final Set<ValueKind> WILDCARD = EnumSet.of(STRING, INT, LONG, DOUBLE, BOOLEAN, ENUM);

    private final boolean jsonAvailable;

    /** @param jsonAvailable whether Jackson's ObjectMapper is on the class path being compiled against */
    Conversions(boolean jsonAvailable) {
        this.jsonAvailable = jsonAvailable;
    }

    /** Why the payload cannot be converted to {@code parameter}, or {@code null} when it can. */
    String payloadProblem(Parameter parameter) {
        return payloadProblem("payload parameter '" + parameter.name() + "'", parameter.type(), "read", "take");
    }

    /** Why the return value of {@code method} cannot be published, or {@code null} when it can. */
    String replyProblem(SubscribeMethod method) {
        return payloadProblem("the return value of " + method.name(), method.returnType(), "write", "return");
    }

    private String payloadProblem(String subject, ValueType type, String read, String take) {
        String noConverter = "no converter for " + subject + " of type " + type + ": ";
        return switch (type.kind()) {
            case OBJECT -> jsonAvailable ? accessProblem(subject, type)
                    : noConverter + "add com.fasterxml.jackson.core:jackson-databind to the dependencies to " + read
                            + " it as JSON, or " + take + " String, byte[] or ByteBuffer";
            case GENERIC -> noConverter + "the type arguments of a generic type are erased at run time, so no"
                    + " converter sees them; " + take + " a record or class that holds the value instead";
            case ARRAY -> noConverter + "byte[] is the only array a payload converts to; " + take
                    + " a record or class that holds the values instead";
            case TYPE_VARIABLE -> noConverter + "a type variable names no class to convert the payload with; "
                    + take + " a record or class instead";
            default -> PAYLOAD.contains(type.kind()) ? accessProblem(subject, type)
                    : noConverter + "a payload converts to String, byte[], ByteBuffer, a number, a boolean, an enum"
                            + " or (as JSON) a class; " + take + " String instead";
        };
    }

    /** Why a {@code @Wildcard} level cannot be converted to {@code parameter}, or {@code null}. */
    String wildcardProblem(Parameter parameter) {
        String subject = "@Wildcard(" + parameter.wildcardIndex() + ") parameter '" + parameter.name() + "'";
        if (WILDCARD.contains(parameter.type().kind())) {
            return accessProblem(subject, parameter.type());
        }
        return "no converter for " + subject + " of type " + parameter.type() + ": a wildcard level converts to"
                + " String, int, long, double, boolean (or their boxes) or an enum; take String and convert it"
                + " in the method";
    }

    /** Why {@code parameter}'s type does not fit its {@code @Topic}, {@code @Qos}, ... annotation, or {@code null}. */
    String metadataProblem(Parameter parameter) {
        ValueKind kind = parameter.type().kind();
        String what = switch (parameter.binding()) {
            case TOPIC -> kind == STRING ? null : "the topic is a String; declare '%s' as String";
            case QOS -> kind == INT ? null : "the QoS is an int (0, 1 or 2); declare '%s' as int";
            case RETAINED -> kind == BOOLEAN ? null : "the retained flag is a boolean; declare '%s' as boolean";
            case DUPLICATE -> kind == BOOLEAN ? null : "the DUP flag is a boolean; declare '%s' as boolean";
            case USER_PROPERTY -> kind == STRING ? null : "a user property's value is a String; declare '%s' as String";
            case CONTENT_TYPE -> kind == STRING ? null : "the content type is a String; declare '%s' as String";
            case RESPONSE_TOPIC -> kind == STRING ? null : "the response topic is a String; declare '%s' as String";
            case CORRELATION_DATA -> kind == BYTES ? null : "the correlation data is bytes; declare '%s' as byte[]";
            default -> throw new IllegalArgumentException(parameter.binding() + " is not message metadata");
        };
        return what == null ? null : "no converter for " + parameter.binding().displayName() + " parameter '"
                + parameter.name() + "' of type " + parameter.type() + ": " + what.formatted(parameter.name());
    }

    /** Enums and JSON classes are named in the generated code ({@code Mode.class}), so it must see them. */
    private static String accessProblem(String subject, ValueType type) {
        if (type.element() == null) {
            return null;
        }
        TypeElement hidden = Classes.privateClass(type.element());
        return hidden == null ? null
                : subject + " has type " + type + ", which the generated routing table cannot name because "
                        + hidden.getSimpleName() + " is private; make " + hidden.getSimpleName()
                        + " package-private or public";
    }
}
