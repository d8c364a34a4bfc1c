package dev.fountain.processor.writing;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.fountain.processor.model.Parameter;
import dev.fountain.processor.model.ValueType;

/** The expression that reads one parameter's value from the {@code Inbound} named {@code message}. */
final class Arguments {

    private Arguments() {
    }

    static CodeBlock of(Parameter parameter) {
        int index = parameter.wildcardIndex();
        return switch (parameter.binding()) {
            case PAYLOAD -> payload(parameter.type());
            case WILDCARD -> wildcard(parameter.type(), index);
            case TOPIC -> CodeBlock.of("message.topic()");
            case QOS -> CodeBlock.of("message.qos()");
            case RETAINED -> CodeBlock.of("message.retained()");
            case DUPLICATE -> CodeBlock.of("message.duplicate()");
            case USER_PROPERTY -> CodeBlock.of("message.userProperty($S)", parameter.propertyName());
            case CONTENT_TYPE -> CodeBlock.of("message.contentType()");
            case RESPONSE_TOPIC -> CodeBlock.of("message.responseTopic()");
            case CORRELATION_DATA -> CodeBlock.of("message.correlationData()");
        };
    }

    private static CodeBlock payload(ValueType type) {
        return switch (type.kind()) {
            case STRING -> CodeBlock.of("message.payloadString()");
            case BYTES -> CodeBlock.of("message.payloadBytes()");
            case BUFFER -> CodeBlock.of("message.payloadBuffer()");
            case BOOLEAN -> CodeBlock.of("message.payloadBoolean()");
            case BYTE -> CodeBlock.of("message.payloadByte()");
            case SHORT -> CodeBlock.of("message.payloadShort()");
            case INT -> CodeBlock.of("message.payloadInt()");
            case LONG -> CodeBlock.of("message.payloadLong()");
            case FLOAT -> CodeBlock.of("message.payloadFloat()");
            case DOUBLE -> CodeBlock.of("message.payloadDouble()");
            case ENUM -> CodeBlock.of("message.payloadEnum($T.class)", ClassName.get(type.element()));
            case OBJECT -> CodeBlock.of("message.payloadJson($T.class)", ClassName.get(type.element()));
            default -> throw unvalidated("payload", type);
        };
    }

    private static CodeBlock wildcard(ValueType type, int index) {
        return switch (type.kind()) {
            case STRING -> CodeBlock.of("message.wildcard($L)", index);
            case INT -> CodeBlock.of("message.wildcardInt($L)", index);
            case LONG -> CodeBlock.of("message.wildcardLong($L)", index);
            case DOUBLE -> CodeBlock.of("message.wildcardDouble($L)", index);
            case BOOLEAN -> CodeBlock.of("message.wildcardBoolean($L)", index);
            case ENUM -> CodeBlock.of("message.wildcardEnum($L, $T.class)", index, ClassName.get(type.element()));
            default -> throw unvalidated("wildcard", type);
        };
    }

    /** Validation rejects these types; reaching here is a processor bug, which the processor reports. */
    private static IllegalStateException unvalidated(String binding, ValueType type) {
        return new IllegalStateException("no " + binding + " converter for " + type + " passed validation");
    }
}
