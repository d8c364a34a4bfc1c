package dev.fountain.processor.validation;

import dev.fountain.processor.model.Annotations;
import dev.fountain.processor.model.Reply;
import dev.fountain.processor.model.SubscribeMethod;
import dev.fountain.processor.model.ValueKind;
import dev.fountain.topic.Placeholders;
import dev.fountain.topic.Topics;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The rules for one {@code @Subscribe} method: how the generated table can call it, its filter, QoS
 * and group, its {@code @Publish}. Topic syntax is {@link Topics}' and {@link Placeholders}', the
 * same code the broker runs, so the compiler and the broker can never disagree on a filter.
 */
final class SubscribeMethodValidator {

    private final Types types;
    private final TypeMirror exception;
    private final TypeMirror error;
    private final Conversions conversions;
    private final ParameterValidator parameters;

    SubscribeMethodValidator(Elements elements, Types types, Conversions conversions) {
        this.types = types;
        this.exception = elements.getTypeElement("java.lang.Exception").asType();
        this.error = elements.getTypeElement("java.lang.Error").asType();
        this.conversions = conversions;
        this.parameters = new ParameterValidator(conversions);
    }

    void validate(SubscribeMethod method, Report.Builder report) {
        checkCallable(method, report);
        int wildcards = checkFilter(method, report);
        // Sic: MQTT 3.1.1 numbers this statement "3-8.3-4".
        checkQos(method.qos(), "@Subscribe", "a subscription's maximum QoS is 0, 1 or 2 [MQTT-3-8.3-4]",
                method.element(), method.annotation(), report);
        checkGroup(method, report);
        parameters.validate(method, wildcards, report);
        method.reply().ifPresentOrElse(reply -> checkReply(method, reply, report), () -> {
            if (method.returnType().kind() != ValueKind.VOID) {
                report.warning("the return value of " + method.name() + " is ignored: add @Publish(\"topic\") to"
                        + " publish it", method.element(), method.annotation());
            }
        });
    }

    private void checkCallable(SubscribeMethod method, Report.Builder report) {
        ExecutableElement element = method.element();
        Set<Modifier> modifiers = element.getModifiers();
        String subject = "@Subscribe method " + method.name();
        if (modifiers.contains(Modifier.PRIVATE)) {
            report.error(subject + " is private, so the generated routing table cannot call it: make it"
                    + " package-private or public", element, method.annotation());
        }
        if (modifiers.contains(Modifier.STATIC)) {
            report.error(subject + " is static: Fountain calls handlers on the instance Guice creates; remove"
                    + " static", element, method.annotation());
        }
        if (modifiers.contains(Modifier.ABSTRACT)) {
            report.error(subject + " is abstract, so there is no code to call: give it a body",
                    element, method.annotation());
        }
        if (!element.getTypeParameters().isEmpty()) {
            String names = element.getTypeParameters().stream().map(Object::toString).collect(Collectors.joining(", "));
            report.error(subject + " declares the type parameters <" + names + ">, which the generated routing"
                    + " table cannot choose: use concrete types", element, method.annotation());
        }
        for (TypeMirror thrown : element.getThrownTypes()) {
            if (!types.isSubtype(thrown, exception) && !types.isSubtype(thrown, error)) {
                report.error(subject + " declares throws " + thrown + ", but a handler may throw only exceptions,"
                        + " which the dispatcher reports: throw an Exception instead", element, method.annotation());
            }
        }
    }

    /** The number of wildcards of a valid filter, or -1 after reporting why it is not valid. */
    private static int checkFilter(SubscribeMethod method, Report.Builder report) {
        String filter = method.filter();
        String problem = Placeholders.problem(filter);
        if (problem == null && Topics.isShared(filter)) {
            problem = sharedFilterProblem(filter);
        }
        if (problem == null) {
            problem = Topics.filterProblem(Placeholders.withSampleValues(filter));
        }
        if (problem == null) {
            return Topics.wildcardCount(Placeholders.withSampleValues(filter));
        }
        report.error("invalid topic filter '" + filter + "': " + problem, method.element(), method.annotation(),
                Annotations.explicitValue(method.annotation(), "value"));
        return -1;
    }

    private static String sharedFilterProblem(String filter) {
        String usage = Topics.isValidFilter(Placeholders.withSampleValues(filter))
                ? "@Subscribe(value = \"" + Topics.matchingFilter(filter) + "\", group = \"" + Topics.shareGroup(filter)
                        + "\")"
                : "@Subscribe(group = ...)";
        return "a shared subscription is declared with a group, not in the filter; use " + usage
                + " instead of $share/";
    }

    private static void checkQos(int qos, String annotation, String rule, ExecutableElement method,
            AnnotationMirror mirror, Report.Builder report) {
        if (qos < 0 || qos > 2) {
            report.error("invalid QoS " + qos + " in " + annotation + ": " + rule + "; write qos = 0, 1 or 2", method,
                    mirror, Annotations.explicitValue(mirror, "qos"));
        }
    }

    private static void checkGroup(SubscribeMethod method, Report.Builder report) {
        String group = method.group();
        String problem = null;
        if (group.chars().anyMatch(c -> c == '/' || c == '+' || c == '#')) {
            problem = "a group name must not contain '/', '+' or '#' [MQTT-4.8.2-2]; choose a name without them";
        } else if (!group.isEmpty() && group.isBlank()) {
            problem = "a group name must not be blank [MQTT-4.8.2-1]; write a name, or leave group empty for a"
                    + " subscription that is not shared";
        }
        if (problem != null) {
            report.error("invalid shared subscription group '" + group + "': " + problem, method.element(),
                    method.annotation(), Annotations.explicitValue(method.annotation(), "group"));
        }
    }

    private void checkReply(SubscribeMethod method, Reply reply, Report.Builder report) {
        String topic = reply.topic();
        String topicProblem = Placeholders.problem(topic);
        if (topicProblem == null) {
            topicProblem = Topics.nameProblem(Placeholders.withSampleValues(topic));
        }
        if (topicProblem != null) {
            report.error("invalid @Publish topic '" + topic + "': " + topicProblem, method.element(),
                    reply.annotation(), Annotations.explicitValue(reply.annotation(), "value"));
        }
        checkQos(reply.qos(), "@Publish", "a message is published with QoS 0, 1 or 2 [MQTT-3.3.1-4]",
                method.element(), reply.annotation(), report);
        if (method.returnType().kind() == ValueKind.VOID) {
            report.error("@Publish on " + method.name() + ", which returns void: there is no value to publish;"
                    + " return the payload to publish, or remove @Publish", method.element(), reply.annotation());
            return;
        }
        String returnProblem = conversions.replyProblem(method);
        if (returnProblem != null) {
            report.error(returnProblem, method.element(), reply.annotation());
        }
    }
}
