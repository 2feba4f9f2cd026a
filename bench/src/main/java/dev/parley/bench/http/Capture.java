package dev.parley.bench.http;

import java.util.List;

/**
 * Parley's answer to the first read and the first write of a scenario, once, before the load: the
 * bodies nginx will serve, and a check that the scenario is answered 2xx at all (a wrong token or
 * an id the caller cannot see would otherwise be measured as a fast 404). For a page, the read
 * body's length is the page's size.
 */
public record Capture(byte[] readBody, byte[] writeBody) {

    public static Capture of(ApiClient parley, Credential credential, List<Request> requests) {
        byte[] read = null;
        byte[] write = null;
        for (Request request : requests) {
            if (request.writes() ? write != null : read != null) {
                continue;
            }
            ApiClient.Response response = parley.send(request.method(), request.path(), credential, request.body());
            if (response.status() / 100 != 2) {
                throw new IllegalStateException(request.method() + " " + request.path() + " answered " + response.status()
                        + " (not 2xx, so not worth measuring): " + abbreviate(response.text()));
            }
            if (request.writes()) {
                write = response.body();
            } else {
                read = response.body();
            }
            if (read != null && write != null) {
                break;
            }
        }
        return new Capture(read, write);
    }

    /** an error page's first lines are enough to tell what went wrong */
    static String abbreviate(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + " … (" + text.length() + " characters)";
    }

    /** The size in bytes of the first read's answer (a page's HTML, uncompressed: wrk asks for no encoding). */
    public int readBytes() {
        return readBody == null ? 0 : readBody.length;
    }
}
