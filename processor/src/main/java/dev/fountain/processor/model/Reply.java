package dev.fountain.processor.model;

import javax.lang.model.element.AnnotationMirror;

/**
 * A {@code @Publish} on a {@code @Subscribe} method: where its return value goes.
 *
 * @param annotation the {@code @Publish} mirror, for messages
 * @param topic the topic name as written, placeholders included
 */
public record Reply(AnnotationMirror annotation, String topic, int qos, boolean retain) {
}
