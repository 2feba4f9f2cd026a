package dev.parley.client;

import dev.parley.client.internal.Transport;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A client of mittwald's API v2 for conversations and files: mittwald's own API or a Parley.
 *
 * <pre>{@code
 * MittwaldClient client = MittwaldClient.newWithToken(System.getenv("MITTWALD_API_TOKEN"));
 * Conversation conversation = client.conversation().getConversation(conversationId);
 * }</pre>
 *
 * The operations are grouped and named as in mittwald's official JavaScript SDK:
 * {@link #conversation()} and {@link #file()}. A client is thread-safe; share one per token.
 * By default it retries rate-limited requests (after {@code Retry-After}) and idempotent requests
 * whose connection failed ({@link RetryPolicy#defaults()}), and sends the {@code ETag} of its
 * latest mutation as {@code if-event-reached} on reads, so that it reads its own writes.
 */
public final class MittwaldClient {
    /** mittwald's API, used unless {@value #BASE_URL_VARIABLE} or the builder say otherwise. */
    public static final String DEFAULT_BASE_URL = "https://api.mittwald.de";
    /** The environment variable mittwald's CLI also reads, e.g. {@code http://127.0.0.1:8080} for a local Parley. */
    public static final String BASE_URL_VARIABLE = "MITTWALD_API_BASE_URL";

    private final Transport transport;
    private final ConversationApi conversation;
    private final FileApi file;
    private final DeskApi desk;

    private MittwaldClient(Transport transport) {
        this.transport = transport;
        this.conversation = new ConversationApi(transport);
        this.file = new FileApi(transport);
        this.desk = new DeskApi(transport);
    }

    /** A client with an API token, at {@value #BASE_URL_VARIABLE} when set, else {@value #DEFAULT_BASE_URL}. */
    public static MittwaldClient newWithToken(String token) {
        return builder().token(Objects.requireNonNull(token, "token")).build();
    }

    /** A client without an API token: public operations, uploads with an upload token, downloads with a file token. */
    public static MittwaldClient newUnauthenticated() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Conversation operations ({@code client.conversation} in the JavaScript SDK). */
    public ConversationApi conversation() {
        return conversation;
    }

    /** Parley's staff-desk extensions (not part of mittwald's API). */
    public DeskApi desk() {
        return desk;
    }

    /** The File operations ({@code client.file} in the JavaScript SDK). */
    public FileApi file() {
        return file;
    }

    /** The API's base URL this client calls (without a trailing slash). */
    public String baseUrl() {
        return transport.baseUrl();
    }

    /** The ETag of the newest mutation this client made, which its reads wait for; empty before any. */
    public Optional<String> lastEventId() {
        return transport.lastEventId();
    }

    /** Settings of a {@link MittwaldClient}; every one has a default. */
    public static final class Builder {
        private String baseUrl;
        private String token;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private HttpClient httpClient;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private boolean eventConsistency = true;

        private Builder() {
        }

        /** The API's base URL, without {@code /v2} (default: {@value #BASE_URL_VARIABLE}, else {@value #DEFAULT_BASE_URL}). */
        public Builder baseUrl(String value) {
            baseUrl = value;
            return this;
        }

        /** The API token, sent as {@code x-access-token}; none for public operations only. */
        public Builder token(String value) {
            token = value;
            return this;
        }

        /** How long to wait for a connection (default 10 s); not used with {@link #httpClient}, which has its own. */
        public Builder connectTimeout(Duration value) {
            connectTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** How long one attempt may take until the response headers arrive (default 60 s); {@code null} for no limit. */
        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        /** The caller's own {@link HttpClient} (proxy, TLS, executor …) instead of one made for this client. */
        public Builder httpClient(HttpClient value) {
            httpClient = value;
            return this;
        }

        /** Retries on or off: {@link RetryPolicy#defaults()} or {@link RetryPolicy#none()}. */
        public Builder retries(boolean on) {
            retryPolicy = on ? RetryPolicy.defaults() : RetryPolicy.none();
            return this;
        }

        public Builder retryPolicy(RetryPolicy value) {
            retryPolicy = Objects.requireNonNull(value);
            return this;
        }

        /** Whether reads send {@code if-event-reached} with the latest mutation's ETag (default on). */
        public Builder eventConsistency(boolean on) {
            eventConsistency = on;
            return this;
        }

        public MittwaldClient build() {
            String url = baseUrl;
            if (url == null || url.isBlank()) {
                String fromEnvironment = System.getenv(BASE_URL_VARIABLE);
                url = fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_BASE_URL : fromEnvironment.strip();
            }
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("The base URL must be http(s)://…, not " + url);
            }
            HttpClient http = httpClient != null ? httpClient
                    : HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
            return new MittwaldClient(new Transport(http, url, token, requestTimeout, retryPolicy, eventConsistency));
        }
    }
}
