package dev.fountain.processor.model;

import dev.fountain.Publish;
import dev.fountain.Subscribe;
import dev.fountain.UserProperty;
import dev.fountain.Wildcard;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Reads annotated elements into the model. It records what the source says, right or wrong;
 * deciding what is wrong is validation's job, so that every mistake is reported, not the first.
 */
public final class ModelBuilder {

    static final String SUBSCRIBE = Subscribe.class.getCanonicalName();
    static final String PUBLISH = Publish.class.getCanonicalName();

    private ModelBuilder() {
    }

    /** The classes declaring {@code subscribeMethods}, each once, sorted by name for stable output. */
    public static List<TypeElement> declaringClasses(Collection<? extends Element> subscribeMethods) {
        return subscribeMethods.stream()
                .map(method -> (TypeElement) method.getEnclosingElement())
                .distinct()
                .sorted(Comparator.comparing(type -> type.getQualifiedName().toString()))
                .toList();
    }

    /** {@code type} and its {@code @Subscribe} methods, in the order they are declared. */
    public static HandlerClass handlerClass(TypeElement type) {
        List<SubscribeMethod> methods = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Annotations.find(method, SUBSCRIBE).ifPresent(subscribe -> methods.add(subscribeMethod(method, subscribe)));
        }
        return new HandlerClass(type, methods);
    }

    private static SubscribeMethod subscribeMethod(ExecutableElement method, AnnotationMirror mirror) {
        Subscribe subscribe = method.getAnnotation(Subscribe.class);
        Optional<Reply> reply = Annotations.find(method, PUBLISH).map(publishMirror -> {
            Publish publish = method.getAnnotation(Publish.class);
            return new Reply(publishMirror, publish.value(), publish.qos(), publish.retain());
        });
        List<Parameter> parameters = method.getParameters().stream().map(ModelBuilder::parameter).toList();
        return new SubscribeMethod(method, mirror, subscribe.value(), subscribe.qos(), subscribe.group(), parameters,
                ValueTypes.classify(method.getReturnType()), reply);
    }

    private static Parameter parameter(VariableElement parameter) {
        List<AnnotationMirror> annotations = parameter.getAnnotationMirrors().stream()
                .filter(mirror -> Binding.of(mirror).isPresent())
                .map(mirror -> (AnnotationMirror) mirror)
                .toList();
        ValueType type = ValueTypes.classify(parameter.asType());
        if (annotations.isEmpty()) {
            return new Parameter(parameter, Binding.PAYLOAD, null, List.of(), 0, null, type);
        }
        AnnotationMirror first = annotations.get(0);
        Binding binding = Binding.of(first).orElseThrow();
        int wildcardIndex = binding == Binding.WILDCARD ? parameter.getAnnotation(Wildcard.class).value() : 0;
        String propertyName = binding == Binding.USER_PROPERTY ? parameter.getAnnotation(UserProperty.class).value()
                : null;
        return new Parameter(parameter, binding, first, annotations.subList(1, annotations.size()), wildcardIndex,
                propertyName, type);
    }

    /**
     * The annotations among {@code annotated} that sit where no {@code @Subscribe} method gives them
     * a meaning: a {@code @Publish} method without {@code @Subscribe}, a parameter annotation in a
     * method without it or in a constructor.
     */
    public static List<StrayAnnotation> strayAnnotations(Collection<? extends Element> annotated, String annotation) {
        List<StrayAnnotation> strays = new ArrayList<>();
        for (Element element : annotated) {
            Element method = element.getKind() == ElementKind.PARAMETER ? element.getEnclosingElement() : element;
            if (method.getKind() != ElementKind.METHOD || Annotations.find(method, SUBSCRIBE).isEmpty()) {
                Annotations.find(element, annotation).ifPresent(mirror -> strays.add(new StrayAnnotation(element, mirror)));
            }
        }
        return strays;
    }
}
