package dev.fountain.processor.validation;

import java.util.ArrayDeque;
import java.util.Deque;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/** Facts about classes that several rules need. */
final class Classes {

    private Classes() {
    }

    /**
     * The first private class among {@code type} and the classes around it, or {@code null} when
     * none is: the generated routing table, in the same package, can name a class only if none is.
     */
    static TypeElement privateClass(TypeElement type) {
        for (Element element = type; element instanceof TypeElement enclosing; element = element.getEnclosingElement()) {
            if (enclosing.getModifiers().contains(Modifier.PRIVATE)) {
                return enclosing;
            }
        }
        return null;
    }

    /** {@code Outer.Inner}: the name as code in the same package writes it. */
    static String displayName(TypeElement type) {
        Deque<CharSequence> names = new ArrayDeque<>();
        for (Element element = type; element instanceof TypeElement enclosing; element = element.getEnclosingElement()) {
            names.push(enclosing.getSimpleName());
        }
        return String.join(".", names);
    }
}
