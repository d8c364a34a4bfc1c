package dev.fountain.app;

import com.google.inject.Injector;
import dev.fountain.app.connector.Connector;
import dev.fountain.topic.Placeholders;
import dev.fountain.topic.Topics;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns generated routes into runnable ones at startup: resolves {@code ${key}} placeholders from
 * the configuration, checks the resolved topics with the same rules the processor used, and asks
 * Guice for one handler instance per class. Every problem stops startup with the handler's name.
 */
final class RouteBinder {

    static final String DEFAULT_GROUP = "fountain.group";

    private final AppConfig config;
    private final Injector injector;
    private final Connector connector;
    private final Map<Class<?>, Object> handlers = new HashMap<>();

    RouteBinder(AppConfig config, Injector injector, Connector connector) {
        this.config = config;
        this.injector = injector;
        this.connector = connector;
    }

    BoundRoute bind(Route route) {
        String filter = resolve(route, "filter", route.filter());
        String problem = Topics.filterProblem(filter);
        if (problem != null) {
            throw new StartupException(route.name() + ": the filter '" + route.filter() + "' resolves to '" + filter
                    + "', which is invalid: " + problem);
        }
        if (Topics.wildcardCount(filter) != Topics.wildcardCount(Placeholders.withSampleValues(route.filter()))) {
            throw new StartupException(route.name() + ": the filter '" + route.filter() + "' resolves to '" + filter
                    + "': placeholder values must not add wildcards, since @Wildcard indexes count them");
        }
        String replyTopic = null;
        if (route.reply() != null) {
            replyTopic = resolve(route, "@Publish topic", route.reply().topic());
            String replyProblem = Topics.nameProblem(replyTopic);
            if (replyProblem != null) {
                throw new StartupException(route.name() + ": the @Publish topic '" + route.reply().topic()
                        + "' resolves to '" + replyTopic + "', which is invalid: " + replyProblem);
            }
        }
        // fountain.group: N instances of the application split each route's stream between them.
        String group = route.group() != null ? route.group() : config.get(DEFAULT_GROUP).orElse(null);
        if (group != null && (group.isEmpty() || group.chars().anyMatch(c -> c == '/' || c == '+' || c == '#'))) {
            throw new StartupException(route.name() + ": the group '" + group + "' is not a share name: it must be"
                    + " non-empty, without '/', '+' or '#' [MQTT-4.8.2-2]");
        }
        String subscribeFilter = group == null ? filter : Topics.SHARE_PREFIX + group + "/" + filter;
        PayloadCodec codec = injector.getInstance(PayloadCodec.class);
        return new BoundRoute(route, handler(route), subscribeFilter, filter, replyTopic, codec,
                new ConnectorPublisher(connector, codec),
                new HandlerErrors(injector.getInstance(ErrorHandler.class)));
    }

    private String resolve(Route route, String what, String text) {
        try {
            return Placeholders.resolve(text, key -> config.get(key).orElse(null));
        } catch (IllegalArgumentException e) {
            String key = Placeholders.keys(text).stream().filter(k -> config.get(k).isEmpty()).findFirst().orElse("?");
            throw new StartupException(route.name() + ": no value for the placeholder ${" + key + "} in the " + what
                    + " '" + text + "'; " + AppConfig.howToSet(key));
        }
    }

    private Object handler(Route route) {
        return handlers.computeIfAbsent(route.handlerClass(), injector::getInstance);
    }
}
