package dev.parley.bench.http;

/** A server under load: Parley, or one of its references (nginx's ceiling, Prism's mock). */
public interface Target extends AutoCloseable {
    String name();

    String baseUrl();

    @Override
    void close();
}
