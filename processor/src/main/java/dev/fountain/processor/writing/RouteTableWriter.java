package dev.fountain.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.fountain.processor.model.HandlerClass;
import dev.fountain.processor.model.SubscribeMethod;
import dev.fountain.processor.model.ValueKind;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes a handler class's routing table: one {@code Route} per {@code @Subscribe} method, each
 * calling the method directly. The runtime's types are named, not imported, so that the processor
 * does not depend on the runtime.
 */
public final class RouteTableWriter {

    private static final ClassName ROUTE_TABLE = ClassName.get("dev.fountain.app", "RouteTable");
    private static final ClassName ROUTE = ClassName.get("dev.fountain.app", "Route");
    private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private final String generator;

    /** @param generator the processor's class name, for {@code @Generated} */
    public RouteTableWriter(String generator) {
        this.generator = generator;
    }

    /** {@code Outer_Inner_FountainRoutes} for {@code Outer.Inner}: a top-level class in the handler's package. */
    public static ClassName tableName(ClassName handler) {
        return ClassName.get(handler.packageName(), String.join("_", handler.simpleNames()) + "_FountainRoutes");
    }

    public JavaFile write(HandlerClass handler) {
        ClassName handlerName = ClassName.get(handler.element());
        MethodSpec routes = MethodSpec.methodBuilder("routes")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(List.class), ROUTE))
                .addCode(routesBody(handlerName, handler.methods()))
                .build();
        TypeSpec table = TypeSpec.classBuilder(tableName(handlerName))
                .addJavadoc("The routes of {@link $T}, generated from its {@code @Subscribe} methods.\n", handlerName)
                .addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", generator).build())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(ROUTE_TABLE)
                .addOriginatingElement(handler.element())
                .addMethod(routes)
                .build();
        return JavaFile.builder(handlerName.packageName(), table)
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    private static CodeBlock routesBody(ClassName handler, List<SubscribeMethod> methods) {
        CodeBlock.Builder code = CodeBlock.builder().add("return $T.of(\n", List.class).indent();
        for (int i = 0; i < methods.size(); i++) {
            code.add(route(handler, methods.get(i))).add(i + 1 < methods.size() ? ",\n" : ");\n");
        }
        return code.unindent().build();
    }

    private static CodeBlock route(ClassName handler, SubscribeMethod method) {
        String group = method.group().isEmpty() ? null : method.group();
        CodeBlock.Builder code = CodeBlock.builder()
                .add("$T.subscribe($T.class, $S, $S, $L, $S,\n", ROUTE, handler, method.name(), method.filter(),
                        method.qos(), group)
                .indent()
                .add("(handler, message) -> ")
                .add(invocation(handler, method))
                .add(")");
        method.reply().ifPresent(reply ->
                code.add("\n.publishing($S, $L, $L)", reply.topic(), reply.qos(), reply.retain()));
        return code.unindent().build();
    }

    /** The invoker's body: the call itself, or the call and {@code return null} for a void method. */
    private static CodeBlock invocation(ClassName handler, SubscribeMethod method) {
        CodeBlock arguments = method.parameters().stream().map(Arguments::of).collect(CodeBlock.joining(", "));
        CodeBlock call = CodeBlock.of("(($T) handler).$L($L)", handler, method.name(), arguments);
        if (method.returnType().kind() != ValueKind.VOID) {
            return call;
        }
        return CodeBlock.builder().add("{\n").indent().add("$L;\nreturn null;\n", call).unindent().add("}").build();
    }
}
