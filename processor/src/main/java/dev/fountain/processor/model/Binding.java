package dev.fountain.processor.model;

import dev.fountain.ContentType;
import dev.fountain.CorrelationData;
import dev.fountain.Duplicate;
import dev.fountain.Qos;
import dev.fountain.ResponseTopic;
import dev.fountain.Retained;
import dev.fountain.Topic;
import dev.fountain.UserProperty;
import dev.fountain.Wildcard;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;

/** What part of a message a handler parameter receives, and the annotation that says so. */
public enum Binding {
    PAYLOAD(null),
    WILDCARD(Wildcard.class),
    TOPIC(Topic.class),
    QOS(Qos.class),
    RETAINED(Retained.class),
    DUPLICATE(Duplicate.class),
    USER_PROPERTY(UserProperty.class),
    CONTENT_TYPE(ContentType.class),
    RESPONSE_TOPIC(ResponseTopic.class),
    CORRELATION_DATA(CorrelationData.class);

    private final Class<? extends Annotation> annotation;

    Binding(Class<? extends Annotation> annotation) {
        this.annotation = annotation;
    }

    /** {@code @Wildcard}, as messages write it; {@code payload} for the unannotated parameter. */
    public String displayName() {
        return annotation == null ? "payload" : "@" + annotation.getSimpleName();
    }

    /** The binding {@code mirror} declares, if it is one of Fountain's parameter annotations. */
    public static Optional<Binding> of(AnnotationMirror mirror) {
        String name = Annotations.name(mirror);
        return Arrays.stream(values())
                .filter(binding -> binding.annotation != null && binding.annotation.getCanonicalName().equals(name))
                .findFirst();
    }
}
