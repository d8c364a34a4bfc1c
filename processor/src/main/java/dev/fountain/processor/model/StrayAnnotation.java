package dev.fountain.processor.model;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;

/**
 * A Fountain annotation that only means something on a {@code @Subscribe} method, found elsewhere:
 * {@code @Publish} on a method without {@code @Subscribe}, or {@code @Wildcard} and the other
 * parameter annotations on a parameter of one.
 *
 * @param element the method or parameter carrying it
 * @param annotation the annotation
 */
public record StrayAnnotation(Element element, AnnotationMirror annotation) {
}
