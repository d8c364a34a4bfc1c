package dev.fountain.broker.http;

/**
 * One application handler's totals at one moment, for the status page's row: the page turns two
 * samples into a rate and a mean latency.
 *
 * @param handler {@code Fountains#command}
 * @param route the filter it subscribes to, as written ({@code home/garden/fountain/+})
 * @param invocations messages it has handled since it started, successes and errors
 * @param errors of those, the ones that failed (an exception, or a payload that did not convert)
 * @param totalNanos time spent in the handler over all invocations
 * @param queued messages waiting for it now
 */
public record RouteSample(String handler, String route, long invocations, long errors, long totalNanos,
        long queued) {
}
