package dev.fountain.processor.model;

import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A class with {@code @Subscribe} methods: the source of one generated routing table.
 *
 * @param element the class
 * @param methods its {@code @Subscribe} methods, in declaration order, which is the routes' order
 */
public record HandlerClass(TypeElement element, List<SubscribeMethod> methods) {

    public HandlerClass {
        methods = List.copyOf(methods);
    }

    /** Whether the class must wait for a later round, when another processor has generated a type it uses. */
    public boolean hasUnresolvedTypes() {
        return methods.stream().anyMatch(SubscribeMethod::hasUnresolvedTypes);
    }
}
