package dev.fountain.processor.validation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * The rules for an {@code @AppModule} class. The processor lists it in
 * {@code META-INF/services/com.google.inject.Module}, and {@link java.util.ServiceLoader} creates
 * it: on the class path that takes a public class with a public constructor without parameters.
 */
public final class AppModuleValidator {

    public static final String MODULE = "com.google.inject.Module";

    private final Types types;

    public AppModuleValidator(Types types) {
        this.types = types;
    }

    public Report validate(TypeElement type, AnnotationMirror appModule) {
        Report.Builder report = Report.builder();
        String subject = "@AppModule class " + Classes.displayName(type);
        if (type.getKind() != ElementKind.CLASS) {
            report.error(subject + " is not a class, so ServiceLoader cannot create it: annotate a class that"
                    + " implements " + MODULE, type, appModule);
            return report.build();
        }
        if (!implementsModule(type.asType())) {
            report.error(subject + " does not implement " + MODULE + ", which Fountain installs in the application's"
                    + " injector: implement Module or extend AbstractModule", type, appModule);
        }
        Set<Modifier> modifiers = type.getModifiers();
        if (modifiers.contains(Modifier.ABSTRACT)) {
            report.error(subject + " is abstract, so ServiceLoader cannot create it: make it concrete", type, appModule);
        }
        if (!modifiers.contains(Modifier.PUBLIC)) {
            report.error(subject + " is not public, so ServiceLoader cannot create it: make it public", type, appModule);
        }
        if (type.getNestingKind() == NestingKind.MEMBER && !modifiers.contains(Modifier.STATIC)) {
            report.error(subject + " is an inner class, so ServiceLoader cannot create it without an instance of "
                    + Classes.displayName((TypeElement) type.getEnclosingElement()) + ": make it static", type,
                    appModule);
        }
        boolean publicNoArgConstructor = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
                .anyMatch(AppModuleValidator::isPublicWithoutParameters);
        if (!publicNoArgConstructor) {
            report.error(subject + " has no public constructor without parameters, which ServiceLoader calls: add"
                    + " one", type, appModule);
        }
        return report.build();
    }

    private static boolean isPublicWithoutParameters(ExecutableElement constructor) {
        return constructor.getParameters().isEmpty() && constructor.getModifiers().contains(Modifier.PUBLIC);
    }

    /**
     * Walks the supertypes by name rather than asking {@code Types.isAssignable}: the application may
     * be compiled without Guice (it is the runtime's dependency), and the rule still holds.
     */
    private boolean implementsModule(TypeMirror type) {
        Deque<TypeMirror> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        pending.push(type);
        while (!pending.isEmpty()) {
            TypeMirror next = pending.pop();
            if (next.getKind() == TypeKind.ERROR) {
                // A supertype javac cannot resolve: it reports that itself, and this check cannot tell.
                return true;
            }
            if (next.getKind() != TypeKind.DECLARED) {
                continue;
            }
            String name = ((TypeElement) ((DeclaredType) next).asElement()).getQualifiedName().toString();
            if (name.equals(MODULE)) {
                return true;
            }
            if (seen.add(name)) {
                pending.addAll(types.directSupertypes(next));
            }
        }
        return false;
    }
}
