package dev.parley.api;

import dev.parley.identity.Caller;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Answers the plainest requests for a read whose answer a node holds in memory (a conversation
 * as cached) in front of Javalin's servlet, as a Jetty handler: Jetty alone serves a fixed answer
 * at about 0.65 × nginx on the 2-core bench machine, Javalin's servlet around it at 0.40 ×
 * (docs/BENCHMARKS.md, "get-conversation answered before the servlet"), so the target of 0.5 ×
 * cannot be met inside Javalin.
 *
 * <p>Nothing is skipped: the request is authenticated, refused while its address has no failed
 * authentications left, rate limited, checked against what the caller may see, logged and timed
 * as {@link Api} does. It is answered here only when every step succeeds and nothing about the
 * request asks for more; anything else goes on to Javalin untouched, with nothing spent, and gets
 * the full pipeline's answer there: a query string, a path that is not the canonical form (a short
 * id, upper case, escapes, a trailing slash), {@code HEAD}, {@code Origin} (CORS), a cookie (desk
 * sessions), {@code if-event-reached}, a body (a declared length of 0 is none: Java's HttpClient
 * sends it on every GET), a compressible answer to a client that accepts an encoding,
 * no or an unknown token, an address out of failed attempts, an empty bucket (its 429 is written
 * there), a conversation not cached or not visible (404 there). {@code DirectReadsTest} sends each
 * of these both ways and compares the answers.
 */
public final class DirectReads extends Handler.Wrapper {
    /** Looks an answer up in memory: the body for {@code caller}, or null to leave the request to Javalin. */
    @FunctionalInterface
    public interface Lookup {
        byte[] find(Caller caller, String id);
    }

    /** The access log and metrics for requests answered here, as {@code RequestObserver} does for Javalin's. */
    public interface Observer {
        /** The request's id (the client's {@code X-Request-Id} when acceptable), set for logging until {@link #answered}. */
        String begin(String suppliedRequestId);

        void answered(String operationId, String route, String method, int status, long nanos, String requestId);
    }

    /** The request id's header, as the access log's observer reads and answers it. */
    static final String REQUEST_ID = "X-Request-Id";
    private static final int UUID_LENGTH = 36;

    private record Read(String operationId, String route, Lookup lookup) {
    }

    private final ContractDocument document;
    private final Authentication authentication;
    private final RateLimiter rateLimiter;
    private final AuthFailureLimit authFailures;
    private final ClientAddress clientAddress;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();
    private final LongAdder answered = new LongAdder();
    private volatile Observer observer;

    private DirectReads(ContractDocument document, Authentication authentication, RateLimiter rateLimiter,
                        AuthFailureLimit authFailures, ClientAddress clientAddress) {
        this.document = document;
        this.authentication = authentication;
        this.rateLimiter = rateLimiter;
        this.authFailures = authFailures;
        this.clientAddress = clientAddress;
    }

    /** The node's direct reads, answering nothing until a read and an observer are registered. */
    public static DirectReads of(ContractDocument document, Authentication authentication, RateLimiter rateLimiter,
                                 AuthFailureLimit authFailures, ClientAddress clientAddress) {
        return new DirectReads(document, authentication, rateLimiter, authFailures, clientAddress);
    }

    /**
     * Answers {@code operationId} (a GET whose path ends in its one parameter, a UUID) from
     * {@code lookup} where it can. The operation's Javalin route stays the answer for everything else.
     */
    public void register(String operationId, Lookup lookup) {
        ContractDocument.Operation op = document.operation(operationId);
        String route = op.path();
        int brace = route.indexOf('{');
        if (!"GET".equalsIgnoreCase(op.method()) || brace < 0 || route.indexOf('}') != route.length() - 1) {
            throw new IllegalArgumentException(operationId + ": only a GET ending in its one path parameter is answered directly");
        }
        String prefix = route.substring(0, brace);
        reads.put(prefix, new Read(operationId, route, lookup));
    }

    /** Where the access log and the request metrics hear of answers given here; none are given without it. */
    public void observe(Observer observer) {
        this.observer = observer;
    }

    /** Requests answered here since start (tests check that the direct answer was the one given). */
    public long answered() {
        return answered.sum();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Observer watching = observer;
        if (watching == null || reads.isEmpty() || !answer(request, response, callback, watching)) {
            return super.handle(request, response, callback);
        }
        return true;
    }

    /** Whether the request was answered here; false leaves it, untouched, to Javalin. */
    private boolean answer(Request request, Response response, Callback callback, Observer watching) {
        long start = System.nanoTime();
        Answer answer;
        try {
            answer = prepare(request);
        } catch (RuntimeException e) {
            return false; // a store that failed a lookup: Javalin's pipeline answers with its error
        }
        if (answer == null) {
            return false;
        }
        String requestId = watching.begin(request.getHeaders().get(REQUEST_ID));
        HttpFields.Mutable out = response.getHeaders();
        out.put(HttpHeader.CONTENT_TYPE, "application/json");
        SecurityHeaders.apply(out);
        out.put(REQUEST_ID, requestId);
        rateLimiter.headers(out, answer.probe());
        out.put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        response.setStatus(200);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
        answered.increment();
        watching.answered(answer.read().operationId(), answer.read().route(), "GET", 200, System.nanoTime() - start,
                requestId);
        return true;
    }

    private record Answer(Read read, byte[] body, RateLimiter.Probe probe) {
    }

    /** The answer when every step of the pipeline allows it (a token taken from the bucket); else null, nothing spent. */
    private Answer prepare(Request request) {
        if (!"GET".equals(request.getMethod())) {
            return null;
        }
        HttpURI uri = request.getHttpURI();
        if (uri.getQuery() != null || uri.getParam() != null) {
            return null;
        }
        String path = uri.getPath();
        int slash = path == null ? -1 : path.lastIndexOf('/');
        if (slash < 0 || path.length() - slash - 1 != UUID_LENGTH) {
            return null;
        }
        Read read = reads.get(path.substring(0, slash + 1));
        String id = path.substring(slash + 1);
        if (read == null || !canonicalUuid(id)) {
            return null;
        }
        HttpFields headers = request.getHeaders();
        if (headers.contains(HttpHeader.ORIGIN) || headers.contains(HttpHeader.COOKIE)
                || headers.contains("if-event-reached") || request.getLength() > 0
                || headers.contains(HttpHeader.TRANSFER_ENCODING)) {
            return null;
        }
        String address = address(request, headers);
        if (address == null || authFailures.exhausted(address)) {
            return null;
        }
        Optional<String> token = Authentication.presentedToken(headers.get("X-Access-Token"), headers.get(HttpHeader.AUTHORIZATION));
        if (token.isEmpty()) {
            return null;
        }
        Caller caller = authentication.callerForToken(token.get()).orElse(null);
        if (caller == null) {
            return null;
        }
        byte[] body = read.lookup().find(caller, id);
        if (body == null || (body.length >= ResponseOutput.COMPRESSED_FROM && headers.contains(HttpHeader.ACCEPT_ENCODING))) {
            return null;
        }
        RateLimiter.Probe probe = rateLimiter.take(caller.rateLimitKey());
        if (!probe.consumed()) {
            return null; // nothing was taken: Javalin's pipeline takes again and answers 429
        }
        return new Answer(read, body, probe);
    }

    /**
     * The client's address as {@link ClientAddress#of} finds it for Javalin's requests; null for an
     * IPv6 peer, whose textual form the servlet API may write otherwise (left to Javalin).
     */
    private String address(Request request, HttpFields headers) {
        String peer = Request.getRemoteAddr(request);
        if (peer == null || peer.indexOf(':') >= 0) {
            return null;
        }
        return clientAddress.of(peer, headers.getValuesList("X-Forwarded-For"));
    }

    /** A UUID in its canonical lower-case form (the only form answered here; any other goes to Javalin). */
    static boolean canonicalUuid(String s) {
        if (s.length() != UUID_LENGTH) {
            return false;
        }
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
