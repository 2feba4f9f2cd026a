package dev.parley.api;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads what is left of a refused request body, up to a limit, before the refusal (413) is sent.
 * A client that is still sending when the server answers and closes gets a connection reset
 * instead of the answer; reading the rest of a body only a little too large lets it read the 413.
 * A body far over the limit is abandoned and Jetty closes the connection.
 */
public final class BodyDrain {
    /** How much of a refused body is read at most. */
    public static final long LIMIT = 4L * 1024 * 1024;

    private BodyDrain() {
    }

    public static void drain(HttpServletRequest request) {
        try {
            InputStream in = request.getInputStream();
            byte[] buffer = new byte[16 * 1024];
            long drained = 0;
            int n;
            while (drained <= LIMIT && (n = in.read(buffer)) != -1) {
                drained += n;
            }
        } catch (IOException | RuntimeException ignored) {
            // the client went away, or the body was already consumed; nothing to answer
        }
    }
}
