package dev.fountain.processor.validation;

import dev.fountain.processor.model.Annotations;
import dev.fountain.processor.model.HandlerClass;
import dev.fountain.processor.model.SubscribeMethod;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The rules for a handler class: the generated table must be able to name it, and Guice to create
 * it. Then the rules for each of its methods.
 */
public final class HandlerClassValidator {

    /** The {@code @Inject} annotations Guice 7 honours; it dropped {@code javax.inject}. */
    private static final List<String> INJECT = List.of("jakarta.inject.Inject", "com.google.inject.Inject");

    private final SubscribeMethodValidator methods;

    public HandlerClassValidator(Elements elements, Types types) {
        // Reading a payload as JSON needs Jackson at run time. Checking here turns a missing
        // dependency into a compile error instead of a failure at the first message.
        boolean jsonAvailable = elements.getTypeElement("com.fasterxml.jackson.databind.ObjectMapper") != null;
        this.methods = new SubscribeMethodValidator(elements, types, new Conversions(jsonAvailable));
    }

    public Report validate(HandlerClass handler) {
        Report.Builder report = Report.builder();
        checkClass(handler, report);
        handler.methods().forEach(method -> methods.validate(method, report));
        return report.build();
    }

    private static void checkClass(HandlerClass handler, Report.Builder report) {
        TypeElement type = handler.element();
        SubscribeMethod first = handler.methods().get(0);
        String subject = "handler class " + Classes.displayName(type) + " (of @Subscribe method " + first.name() + ")";
        Set<Modifier> modifiers = type.getModifiers();
        String problem = switch (type.getKind()) {
            case INTERFACE, ANNOTATION_TYPE -> "is an interface, so Guice cannot create it: move the @Subscribe"
                    + " methods to a class";
            case ENUM -> "is an enum, so Guice cannot create it: move the @Subscribe methods to a class";
            default -> modifiers.contains(Modifier.ABSTRACT) ? "is abstract, so Guice cannot create it: make it"
                    + " concrete, or move the @Subscribe methods to a concrete class" : constructorProblem(type);
        };
        if (problem != null) {
            report.error(subject + " " + problem, type, null);
        }
        TypeElement hidden = Classes.privateClass(type);
        if (hidden == type) {
            report.error(subject + " is private, so the generated routing table cannot name it: make it"
                    + " package-private or public", type, null);
        } else if (hidden != null) {
            report.error(subject + " is inside the private class " + Classes.displayName(hidden) + ", so the"
                    + " generated routing table cannot name it: make " + hidden.getSimpleName()
                    + " package-private or public", type, null);
        }
        if (type.getKind() == ElementKind.CLASS && type.getNestingKind() == NestingKind.MEMBER
                && !modifiers.contains(Modifier.STATIC)) {
            report.error(subject + " is an inner class, so Guice cannot create it without an instance of "
                    + Classes.displayName((TypeElement) type.getEnclosingElement()) + ": make it static", type, null);
        }
        if (!type.getTypeParameters().isEmpty()) {
            String names = type.getTypeParameters().stream().map(Object::toString).collect(Collectors.joining(", "));
            report.error(subject + " is generic, so Guice cannot choose its type arguments: remove the type"
                    + " parameters <" + names + ">", type, null);
        }
    }

    /** Guice calls the one {@code @Inject} constructor, or else a constructor without parameters that is not private. */
    private static String constructorProblem(TypeElement type) {
        List<ExecutableElement> constructors = ElementFilter.constructorsIn(type.getEnclosedElements());
        long injectable = constructors.stream()
                .filter(constructor -> INJECT.stream().anyMatch(inject -> Annotations.find(constructor, inject).isPresent()))
                .count();
        if (injectable > 1) {
            return "has " + injectable + " constructors annotated @Inject, and Guice calls exactly one: keep @Inject"
                    + " on one of them";
        }
        boolean usable = injectable == 1 || constructors.stream().anyMatch(constructor ->
                constructor.getParameters().isEmpty() && !constructor.getModifiers().contains(Modifier.PRIVATE));
        return usable ? null : "has no constructor Guice can use: annotate the constructor Guice should call with"
                + " @Inject, or add a constructor without parameters that is not private";
    }
}
