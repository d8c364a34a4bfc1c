package dev.fountain.app;

/**
 * Calls one handler method with the parameters bound from a message: generated code, a direct
 * method call, no reflection.
 */
@FunctionalInterface
public interface Invoker {

    /**
     * @param handler the instance of the route's handler class
     * @return what the method returned, or {@code null} for a {@code void} method
     */
    Object invoke(Object handler, Inbound message) throws Exception;
}
