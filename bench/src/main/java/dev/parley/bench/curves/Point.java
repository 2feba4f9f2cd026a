package dev.parley.bench.curves;

/** One measured point of a curve: a store at a number of connections. */
public record Point(String store, int connections, double throughput, double p99Micros, long errors) {
}
