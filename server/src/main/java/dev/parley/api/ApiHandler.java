package dev.parley.api;

/** A handler of one contract operation. */
@FunctionalInterface
public interface ApiHandler {
    void handle(ApiRequest request) throws Exception;
}
