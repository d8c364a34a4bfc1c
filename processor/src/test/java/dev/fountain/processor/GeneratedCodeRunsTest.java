package dev.fountain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fountain.processor.Compilations.compile;
import static dev.fountain.processor.Sources.handler;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.fountain.app.Inbound;
import dev.fountain.app.Route;
import dev.fountain.app.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The generated table, loaded and run against the runtime's real {@code Route} and {@code Inbound}. */
class GeneratedCodeRunsTest {

    @Test
    void theInvokerCallsTheHandlerWithTheMessagesValuesAndReturnsTheReply() throws Exception {
        RouteTable table = compileAndLoad(
                "@Subscribe(\"lamps/+/set\")",
                "@Publish(value = \"lamps/state\", qos = 2, retain = true)",
                "String set(@Wildcard(0) int lamp, @Topic String topic, @Retained boolean retained, String payload) {",
                "    return lamp + \" \" + topic + \" \" + retained + \" \" + payload;",
                "}");
        Route route = table.routes().get(0);
        Inbound message = message(Map.of("wildcardInt", 7, "topic", "lamps/7/set", "retained", false,
                "payloadString", "on"));

        assertThat(route.name()).isEqualTo("Handler#set");
        assertThat(route.reply()).isEqualTo(new Route.Reply("lamps/state", 2, true));
        assertThat(route.invoker().invoke(newHandler(route), message)).isEqualTo("7 lamps/7/set false on");
    }

    @Test
    void aVoidHandlerIsCalledAndItsInvokerReturnsNull() throws Exception {
        RouteTable table = compileAndLoad(
                "String seen;",
                "@Subscribe(value = \"jobs/#\", qos = 1, group = \"workers\")",
                "void work(@Wildcard(0) String job) {",
                "    seen = job;",
                "}");
        Route route = table.routes().get(0);
        Object handler = newHandler(route);

        assertThat(route.filter()).isEqualTo("jobs/#");
        assertThat(route.qos()).isEqualTo(1);
        assertThat(route.group()).isEqualTo("workers");
        assertThat(route.reply()).isNull();
        assertThat(route.invoker().invoke(handler, message(Map.of("wildcard", "a/b")))).isNull();
        Field seen = handler.getClass().getDeclaredField("seen");
        seen.setAccessible(true);
        assertThat(seen.get(handler)).isEqualTo("a/b");
    }

    private static RouteTable compileAndLoad(String... members) throws Exception {
        Compilation compilation = compile(handler(members));
        assertThat(compilation).succeededWithoutWarnings();
        return (RouteTable) classLoader(compilation).loadClass("example.Handler_FountainRoutes")
                .getConstructor().newInstance();
    }

    /** What Guice would do: the handler class is package-private, as handler classes usually are. */
    private static Object newHandler(Route route) throws ReflectiveOperationException {
        Constructor<?> constructor = route.handlerClass().getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    /** An {@code Inbound} answering each method from {@code values}, by method name. */
    private static Inbound message(Map<String, Object> values) {
        return (Inbound) Proxy.newProxyInstance(Inbound.class.getClassLoader(), new Class<?>[] {Inbound.class},
                (proxy, method, arguments) -> {
                    if (!values.containsKey(method.getName())) {
                        throw new AssertionError("the generated code called " + method.getName());
                    }
                    return values.get(method.getName());
                });
    }

    /** Loads the compiled classes, handler and table alike, in one package of one class loader. */
    private static ClassLoader classLoader(Compilation compilation) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS) {
                String path = file.toUri().getPath();
                String name = path.substring("/CLASS_OUTPUT/".length(), path.length() - ".class".length())
                        .replace('/', '.');
                try (InputStream in = file.openInputStream()) {
                    classes.put(name, in.readAllBytes());
                }
            }
        }
        return new ClassLoader(GeneratedCodeRunsTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
    }
}
