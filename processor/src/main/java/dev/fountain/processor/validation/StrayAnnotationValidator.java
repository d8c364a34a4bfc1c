package dev.fountain.processor.validation;

import dev.fountain.processor.model.StrayAnnotation;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;

/**
 * Fountain annotations outside a {@code @Subscribe} method do nothing; silently ignoring them would
 * hide a forgotten {@code @Subscribe}, so they are errors.
 */
public final class StrayAnnotationValidator {

    private StrayAnnotationValidator() {
    }

    public static Report validate(List<StrayAnnotation> strays) {
        Report.Builder report = Report.builder();
        for (StrayAnnotation stray : strays) {
            Element element = stray.element();
            String annotation = "@" + stray.annotation().getAnnotationType().asElement().getSimpleName();
            if (element.getKind() == ElementKind.PARAMETER) {
                report.error(annotation + " on parameter '" + element.getSimpleName() + "' of "
                        + methodName(element.getEnclosingElement()) + ", which has no @Subscribe: only the"
                        + " parameters of a @Subscribe method are bound to a message; add @Subscribe, or remove "
                        + annotation, element, stray.annotation());
            } else {
                report.error(annotation + " on " + element.getSimpleName() + ", which has no @Subscribe: a value is"
                        + " published when the method has handled a message; add @Subscribe, or remove "
                        + annotation, element, stray.annotation());
            }
        }
        return report.build();
    }

    private static String methodName(Element executable) {
        return executable.getKind() == ElementKind.CONSTRUCTOR
                ? "the constructor of " + executable.getEnclosingElement().getSimpleName()
                : executable.getSimpleName().toString();
    }
}
