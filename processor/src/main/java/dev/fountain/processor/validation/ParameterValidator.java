package dev.fountain.processor.validation;

import dev.fountain.processor.model.Annotations;
import dev.fountain.processor.model.Binding;
import dev.fountain.processor.model.Parameter;
import dev.fountain.processor.model.SubscribeMethod;
import javax.lang.model.element.AnnotationMirror;

/** The rules for the parameters of one {@code @Subscribe} method. */
final class ParameterValidator {

    private final Conversions conversions;

    ParameterValidator(Conversions conversions) {
        this.conversions = conversions;
    }

    /**
     * @param wildcards how many wildcards the method's filter has, or -1 when the filter is invalid
     *     (its error is reported already, and indexes into it mean nothing)
     */
    void validate(SubscribeMethod method, int wildcards, Report.Builder report) {
        Parameter payload = null;
        for (Parameter parameter : method.parameters()) {
            for (AnnotationMirror extra : parameter.extraAnnotations()) {
                report.error("parameter '" + parameter.name() + "' has both " + parameter.binding().displayName()
                        + " and " + Binding.of(extra).orElseThrow().displayName() + ": a parameter binds one part of"
                        + " the message; keep one of them", parameter.element(), extra);
            }
            if (parameter.binding() == Binding.PAYLOAD && payload != null) {
                report.error("@Subscribe method " + method.name() + " has two payload parameters, '" + payload.name()
                        + "' and '" + parameter.name() + "': one parameter receives the payload; annotate '"
                        + parameter.name() + "' with @Wildcard, @Topic, @Qos, @Retained, @Duplicate, @UserProperty,"
                        + " @ContentType, @ResponseTopic or @CorrelationData, or remove it",
                        parameter.element(), null);
                continue;
            }
            if (parameter.binding() == Binding.PAYLOAD) {
                payload = parameter;
            }
            checkType(parameter, report);
            if (parameter.binding() == Binding.WILDCARD && wildcards >= 0) {
                checkWildcardIndex(method, parameter, wildcards, report);
            }
        }
    }

    private void checkType(Parameter parameter, Report.Builder report) {
        String problem = switch (parameter.binding()) {
            case PAYLOAD -> conversions.payloadProblem(parameter);
            case WILDCARD -> conversions.wildcardProblem(parameter);
            default -> conversions.metadataProblem(parameter);
        };
        if (problem != null) {
            report.error(problem, parameter.element(), parameter.annotation());
        }
    }

    private static void checkWildcardIndex(SubscribeMethod method, Parameter parameter, int wildcards,
            Report.Builder report) {
        int index = parameter.wildcardIndex();
        if (index >= 0 && index < wildcards) {
            return;
        }
        String has = switch (wildcards) {
            case 0 -> "no wildcards";
            case 1 -> "1 wildcard (index 0)";
            default -> wildcards + " wildcards (indexes 0 to " + (wildcards - 1) + ")";
        };
        String fix = wildcards == 0
                ? "add '+' or '#' to the filter, or bind the whole topic with @Topic"
                : "use an index in that range";
        report.error("@Wildcard(" + index + ") but the filter '" + method.filter() + "' has " + has
                + ": wildcards are numbered from 0, left to right; " + fix, parameter.element(), parameter.annotation(),
                Annotations.explicitValue(parameter.annotation(), "value"));
    }
}
