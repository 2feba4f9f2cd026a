package dev.parley.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;

/**
 * One wrk run as its {@code done} hook reported it. Errors are socket errors (connect, read, write,
 * timeout) plus wrk's "status" errors, which are responses with a status of 400 or more (no
 * scenario here is answered with 1xx or 3xx, so that is every non-2xx).
 */
public record WrkResult(long requests, long durationMicros, long bytes, long socketErrors, long statusErrors,
                        long p50Micros, long p99Micros, long p999Micros, long maxMicros) {

    public double throughput() {
        return durationMicros == 0 ? 0 : requests * 1_000_000.0 / durationMicros;
    }

    public long errors() {
        return socketErrors + statusErrors;
    }

    /** Reads the marked JSON line from wrk's standard output. */
    public static WrkResult parse(String stdout) {
        for (String line : stdout.split("\n")) {
            int at = line.indexOf(LuaScript.RESULT_MARKER);
            if (at >= 0) {
                return fromJson(Json.tree(line.substring(at + LuaScript.RESULT_MARKER.length()).trim()));
            }
        }
        throw new IllegalArgumentException("wrk printed no result line (" + LuaScript.RESULT_MARKER.trim() + "): " + stdout);
    }

    static WrkResult fromJson(JsonNode json) {
        JsonNode e = json.path("errors");
        JsonNode l = json.path("latencyMicros");
        long socket = e.path("connect").asLong() + e.path("read").asLong() + e.path("write").asLong()
                + e.path("timeout").asLong();
        return new WrkResult(json.path("requests").asLong(), json.path("durationMicros").asLong(),
                json.path("bytes").asLong(), socket, e.path("status").asLong(),
                l.path("p50").asLong(), l.path("p99").asLong(), l.path("p999").asLong(), l.path("max").asLong());
    }
}
