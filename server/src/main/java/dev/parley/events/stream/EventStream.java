package dev.parley.events.stream;

import dev.parley.Platform;
import dev.parley.api.ApiError;
import dev.parley.api.ApiRequest;
import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationRow;
import dev.parley.identity.AccessPolicy;
import dev.parley.identity.Caller;

import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v2/events} (the extension operation {@code parley-get-events}): a Server-Sent
 * Events stream of what the caller may see, resumable with {@code Last-Event-ID} (or the query
 * parameter {@code lastEventId}) = an event-log position, the number in the API's ETags.
 */
public final class EventStream {
    static final String OPERATION = "parley-get-events";

    private final Platform platform;
    private final StreamHub hub;
    private final StreamCredentials credentials;

    private EventStream(Platform platform, StreamHub hub, StreamCredentials credentials) {
        this.platform = platform;
        this.hub = hub;
        this.credentials = credentials;
    }

    /** Installs the stream with the API's credentials (the request's API token). */
    public static StreamHub install(Platform platform) {
        return install(platform, StreamCredentials.apiToken(platform.authentication()));
    }

    public static StreamHub install(Platform platform, StreamCredentials credentials) {
        StreamHub hub = new StreamHub(platform.database(), platform.events(), platform.config().streams(),
                platform.identityVersion());
        EventStream stream = new EventStream(platform, hub, credentials);
        // a token, when sent, is checked by the pipeline; without one the credentials decide (the desk's
        // session cookie), so a browser's EventSource, which cannot send headers, may open a stream
        platform.routes(r -> r.api().operationWithOwnToken(OPERATION, stream::open));
        platform.beforeStop(hub::endAll); // streams never end by themselves: a graceful stop would wait for them
        platform.onClose(hub);
        return hub;
    }

    private void open(ApiRequest r) {
        StreamCredentials.Presented presented = credentials.presented(r.ctx())
                .orElseThrow(() -> ApiError.unauthorized("An API token or a signed-in desk session is required"));
        Caller caller = r.caller() != null ? r.caller()
                : presented.caller().orElseThrow(() -> ApiError.unauthorized("The session or API token is not valid"));
        Long lastEventId = lastEventId(r);
        if (lastEventId != null && !platform.events().reach(lastEventId)) {
            throw new ApiError(412, "PreconditionFailed",
                    "The event " + lastEventId + " does not exist: no event up to it has been written");
        }
        String conversationId = conversation(r, caller);
        Runnable release = hub.admit(caller.userId());
        try {
            r.ctx().future(() -> {
                try {
                    return hub.open(r.ctx(), presented, caller, conversationId, lastEventId, release);
                } catch (java.io.IOException | RuntimeException e) {
                    release.run();
                    return java.util.concurrent.CompletableFuture.failedFuture(e);
                }
            });
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    /** The resume position: the header (a browser's EventSource sends the newest) before the query parameter. */
    private static Long lastEventId(ApiRequest r) {
        String header = r.ctx().header("Last-Event-ID");
        if (header != null) {
            return position(header, ".header.Last-Event-ID");
        }
        String query = r.ctx().queryParam("lastEventId");
        return query == null ? null : position(query, ".lastEventId");
    }

    static Long position(String text, String path) {
        String value = text.strip();
        if (value.isEmpty()) {
            return null; // EventSource sends an empty id before it has seen one
        }
        if (value.length() <= 19 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException beyondLong) {
                // fall through to the validation error
            }
        }
        throw ApiError.validation(path, "format", "must be an event position (a non-negative integer as in ETag)",
                Map.of("format", "event-position"));
    }

    /** The conversation to restrict to, as a UUID; hidden answers as nonexistent (404). */
    private String conversation(ApiRequest r, Caller caller) {
        String id = r.ctx().queryParam("conversationId");
        if (id == null) {
            return null;
        }
        Optional<ConversationRow> row = platform.database().read(h -> ConversationRepository.find(h, id.strip()));
        return row.filter(c -> AccessPolicy.canSee(caller, c)).map(ConversationRow::conversationId)
                .orElseThrow(() -> ApiError.notFound("Conversation not found"));
    }
}
