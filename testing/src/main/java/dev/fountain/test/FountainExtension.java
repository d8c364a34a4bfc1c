package dev.fountain.test;

import com.google.inject.Injector;
import com.google.inject.Module;
import dev.fountain.app.Fountain;
import dev.fountain.app.FountainBuilder;
import dev.fountain.app.RunningApp;
import dev.fountain.broker.Broker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs the application under test, with its embedded broker on a free loopback port (or, with
 * {@link #brokerUrl}, as a client of a broker the test runs), in the test's JVM: the handlers the
 * processor generated routing for, the {@code @AppModule}s, and the bindings a test replaces.
 *
 * <pre>{@code
 * @RegisterExtension
 * static FountainExtension app = FountainExtension.create()
 *         .override(binder -> binder.bind(Pump.class).toInstance(pump));
 *
 * @Test
 * void fountainTurnsOn(TestClient client) throws Exception {
 *     Messages status = client.subscribe("home/garden/fountain/+/status");
 *     client.publish("home/garden/fountain/2", "on");
 *     assertThat(status.next().text()).isEqualTo("on");
 * }
 * }</pre>
 *
 * In a {@code static} field the application runs once for the test class; in an instance field,
 * once per test. Test methods can take a {@link TestClient}, the {@link RunningApp}, its
 * {@link Injector} or its {@link Broker} as parameters.
 */
public final class FountainExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private final List<Module> overrides = new ArrayList<>();
    private final Map<String, String> properties = new HashMap<>();
    private RunningApp app;
    private boolean perClass;
    private final List<TestClient> clients = new ArrayList<>();

    private FountainExtension() {
    }

    public static FountainExtension create() {
        return new FountainExtension();
    }

    /** Bindings that replace the application's, as {@code Modules.override} does. */
    public FountainExtension override(Module module) {
        overrides.add(module);
        return this;
    }

    /** A configuration value (for {@code ${key}} placeholders and {@code fountain.*} settings). */
    public FountainExtension property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /**
     * Runs the application in client mode against the broker at {@code url} ({@code mqtt://host:port},
     * as {@code fountain.broker.url}) instead of its embedded broker; {@code -Dfountain.broker.url}
     * on the test JVM does the same for every test. {@link TestClient} then subscribes over the
     * network, and there is no {@link Broker} parameter to take.
     */
    public FountainExtension brokerUrl(String url) {
        return property("fountain.broker.url", url);
    }

    /** The running application, between start and stop. */
    public RunningApp app() {
        if (app == null) {
            throw new IllegalStateException("The application is not running: register the extension with"
                    + " @RegisterExtension.");
        }
        return app;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clients.forEach(TestClient::close);
        clients.clear();
        if (!perClass) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private void start() {
        FountainBuilder builder = Fountain.builder()
                .classLoader(Thread.currentThread().getContextClassLoader())
                .broker(broker -> broker.port(0))
                .property("fountain.http.port", "0");
        overrides.forEach(builder::overrideWith);
        properties.forEach(builder::property);
        app = builder.start();
    }

    private void stop() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestClient.class || type == RunningApp.class || type == Injector.class || type == Broker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == TestClient.class) {
            TestClient client = new TestClient(app());
            clients.add(client);
            return client;
        }
        if (type == RunningApp.class) {
            return app();
        }
        if (type == Injector.class) {
            return app().injector();
        }
        return app().broker();
    }
}
