package dev.fountain.processor.validation;

import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/** Whether the generated routing table, in the handler's package, can name a class. */
final class Access {

    private Access() {
    }

    /** The first private class among {@code type} and the classes around it, or {@code null} when none is. */
    static TypeElement privateClass(TypeElement type) {
        for (Element element = type; element instanceof TypeElement enclosing; element = element.getEnclosingElement()) {
            if (enclosing.getModifiers().contains(Modifier.PRIVATE)) {
                return enclosing;
            }
        }
        return null;
    }
}
