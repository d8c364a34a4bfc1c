package dev.fountain.processor.model;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * A {@code @Subscribe} method: one route of its class's table.
 *
 * @param element the method
 * @param annotation the {@code @Subscribe} mirror, for messages
 * @param filter the topic filter as written, placeholders included
 * @param group the shared subscription group; empty for none
 * @param returnType what the method returns, {@link ValueKind#VOID} included
 * @param reply its {@code @Publish}, if it has one
 */
public record SubscribeMethod(ExecutableElement element, AnnotationMirror annotation, String filter, int qos,
        String group, List<Parameter> parameters, ValueType returnType, Optional<Reply> reply) {

    public SubscribeMethod {
        parameters = List.copyOf(parameters);
    }

    public String name() {
        return element.getSimpleName().toString();
    }

    /** Whether a parameter or the return type waits for a type that is not generated yet. */
    boolean hasUnresolvedTypes() {
        return returnType.kind() == ValueKind.UNRESOLVED
                || parameters.stream().anyMatch(parameter -> parameter.type().kind() == ValueKind.UNRESOLVED);
    }
}
