package dev.fountain.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import dev.fountain.AppModule;
import dev.fountain.ContentType;
import dev.fountain.CorrelationData;
import dev.fountain.Duplicate;
import dev.fountain.Publish;
import dev.fountain.Qos;
import dev.fountain.ResponseTopic;
import dev.fountain.Retained;
import dev.fountain.Subscribe;
import dev.fountain.Topic;
import dev.fountain.UserProperty;
import dev.fountain.Wildcard;
import dev.fountain.processor.model.Annotations;
import dev.fountain.processor.model.HandlerClass;
import dev.fountain.processor.model.ModelBuilder;
import dev.fountain.processor.model.StrayAnnotation;
import dev.fountain.processor.validation.AppModuleValidator;
import dev.fountain.processor.validation.HandlerClassValidator;
import dev.fountain.processor.validation.Report;
import dev.fountain.processor.validation.StrayAnnotationValidator;
import dev.fountain.processor.writing.RouteTableWriter;
import dev.fountain.processor.writing.ServiceFiles;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Fountain's annotation processor. Each round: collect the {@code @Subscribe} methods by class,
 * build the model, validate it into a report, and write a routing table for each class the report
 * has no error for; at the end, list the tables and the {@code @AppModule} classes in
 * {@code META-INF/services} for the runtime's {@link java.util.ServiceLoader}.
 */
public class RouteProcessor extends AbstractProcessor {

    private static final List<Class<? extends Annotation>> ONLY_ON_SUBSCRIBE_METHODS =
            List.of(Publish.class, Wildcard.class, Topic.class, Qos.class, Retained.class, Duplicate.class,
                    UserProperty.class, ContentType.class, ResponseTopic.class, CorrelationData.class);

    private final SortedSet<String> routeTables = new TreeSet<>();
    private final SortedSet<String> appModules = new TreeSet<>();
    /** Handler classes using a type that another processor has yet to generate, by name. */
    private final SortedSet<String> deferred = new TreeSet<>();

    private HandlerClassValidator handlerValidator;
    private AppModuleValidator appModuleValidator;
    private RouteTableWriter writer;
    private ServiceFiles serviceFiles;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Stream.concat(Stream.of(Subscribe.class, AppModule.class), ONLY_ON_SUBSCRIBE_METHODS.stream())
                .map(Class::getCanonicalName)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        handlerValidator = new HandlerClassValidator(environment.getElementUtils(), environment.getTypeUtils());
        appModuleValidator = new AppModuleValidator(environment.getTypeUtils());
        writer = new RouteTableWriter(RouteProcessor.class.getName());
        serviceFiles = new ServiceFiles(environment.getFiler());
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        try {
            processRound(round);
        } catch (Throwable bug) {
            // As AutoService does: a bug here becomes one readable error, never a javac crash.
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    "Fountain's annotation processor failed: " + summary(bug) + "; please report it");
        }
        // Other processors may read Fountain's annotations too.
        return false;
    }

    /** One round; package-private so that a test can make it fail. */
    void processRound(RoundEnvironment round) {
        if (round.processingOver()) {
            // Sources were generated in the rounds that found their classes: javac warns about
            // sources generated in the last round. Service files are resources, and belong here.
            writeServiceFile("dev.fountain.app.RouteTable", routeTables);
            writeServiceFile(AppModuleValidator.MODULE, appModules);
            return;
        }
        processHandlers(round);
        reportStrayAnnotations(round);
        processAppModules(round);
    }

    private void processHandlers(RoundEnvironment round) {
        List<TypeElement> classes = new ArrayList<>(ModelBuilder.declaringClasses(
                round.getElementsAnnotatedWith(Subscribe.class)));
        deferred.stream().map(processingEnv.getElementUtils()::getTypeElement).filter(Objects::nonNull)
                .filter(type -> !classes.contains(type)).forEach(classes::add);
        deferred.clear();
        for (TypeElement type : classes) {
            HandlerClass handler = ModelBuilder.handlerClass(type);
            if (handler.hasUnresolvedTypes()) {
                deferred.add(type.getQualifiedName().toString());
                continue;
            }
            Report report = handlerValidator.validate(handler);
            report.printTo(processingEnv.getMessager());
            if (!report.hasErrors()) {
                writeRouteTable(handler);
            }
        }
    }

    private void writeRouteTable(HandlerClass handler) {
        JavaFile file = writer.write(handler);
        ClassName table = ClassName.get(file.packageName(), file.typeSpec().name());
        try {
            file.writeTo(processingEnv.getFiler());
            routeTables.add(table.reflectionName());
        } catch (IOException e) {
            error("Fountain could not write " + table + ": " + e.getMessage());
        }
    }

    private void reportStrayAnnotations(RoundEnvironment round) {
        List<StrayAnnotation> strays = new ArrayList<>();
        for (Class<? extends Annotation> annotation : ONLY_ON_SUBSCRIBE_METHODS) {
            strays.addAll(ModelBuilder.strayAnnotations(round.getElementsAnnotatedWith(annotation),
                    annotation.getCanonicalName()));
        }
        StrayAnnotationValidator.validate(strays).printTo(processingEnv.getMessager());
    }

    private void processAppModules(RoundEnvironment round) {
        List<TypeElement> modules = ElementFilter.typesIn(round.getElementsAnnotatedWith(AppModule.class)).stream()
                .sorted(Comparator.comparing(type -> type.getQualifiedName().toString()))
                .toList();
        for (TypeElement module : modules) {
            Report report = appModuleValidator.validate(module,
                    Annotations.find(module, AppModule.class.getCanonicalName()).orElseThrow());
            report.printTo(processingEnv.getMessager());
            if (!report.hasErrors()) {
                appModules.add(processingEnv.getElementUtils().getBinaryName(module).toString());
            }
        }
    }

    private void writeServiceFile(String service, SortedSet<String> providers) {
        if (providers.isEmpty()) {
            return;
        }
        try {
            serviceFiles.write(service, providers);
        } catch (IOException e) {
            error("Fountain could not write META-INF/services/" + service + ": " + e.getMessage());
        }
    }

    private void error(String message) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message);
    }

    /** The exception and where it was thrown: enough for a bug report, short enough to read in a build log. */
    private static String summary(Throwable bug) {
        String frames = Arrays.stream(bug.getStackTrace())
                .limit(5)
                .map(StackTraceElement::toString)
                .collect(Collectors.joining(", "));
        return frames.isEmpty() ? bug.toString() : bug + " at " + frames;
    }
}
