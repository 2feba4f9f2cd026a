package dev.parley.client;

import dev.parley.client.error.ForbiddenException;
import dev.parley.client.error.MittwaldApiException;
import dev.parley.client.error.MittwaldConnectionException;
import dev.parley.client.error.MittwaldException;
import dev.parley.client.error.NotFoundException;
import dev.parley.client.error.RateLimitedException;
import dev.parley.client.error.ServerException;
import dev.parley.client.error.UnauthorizedException;
import dev.parley.client.error.UnexpectedResponseException;
import dev.parley.client.error.ValidationException;
import dev.parley.client.model.Category;
import dev.parley.client.model.CreateConversationRequest;
import dev.parley.client.model.CreateMessageRequest;
import dev.parley.client.model.ShareableAggregateReference;
import dev.parley.client.model.UpdateConversationRequest;
import dev.parley.client.model.UpdateMessageRequest;
import dev.parley.client.testing.Clients;
import dev.parley.client.testing.RecordingProxy;
import dev.parley.client.testing.RecordingProxy.Fault;
import dev.parley.client.testing.TestParley;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each class of failure becomes its own exception, carrying the contract's error body. */
class ErrorsTest {
    private static TestParley parley;
    private static RecordingProxy proxy;
    private static MittwaldClient owner;

    @BeforeAll
    static void start() {
        parley = TestParley.shared();
        proxy = new RecordingProxy(parley.baseUrl());
        owner = Clients.builder(parley, "customer-owner", proxy.url()).retries(false).build();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    private static String sharedConversation() {
        Category general = Clients.category(owner, "general");
        return owner.conversation().createConversation(CreateConversationRequest.of("Errors", general.categoryId())
                .withSharedWith(ShareableAggregateReference.customer(parley.demoCustomerId()))
                .withMessageContent("first")).conversationId();
    }

    @Test
    void aRefusedBodyIsAValidationExceptionWithTheServersValidationErrors() {
        Category general = Clients.category(owner, "general");
        String tooLong = "x".repeat(8001);

        assertThatThrownBy(() -> owner.conversation().createConversation(
                CreateConversationRequest.of("Too long", general.categoryId()).withMessageContent(tooLong)))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error().type()).isEqualTo("ValidationError");
                    assertThat(e.validationErrors()).isNotEmpty()
                            .anySatisfy(v -> assertThat(v.path()).contains("messageContent"));
                    assertThat(e.getMessage()).contains("conversation-create-conversation").contains("400");
                });
        assertThat(proxy.last().status()).isEqualTo(400);
    }

    @Test
    void anUnknownOrInvisibleConversationIsNotFound() {
        String missing = UUID.randomUUID().toString();
        assertThatThrownBy(() -> owner.conversation().getConversation(missing))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.error().type()).isEqualTo("NotFound");
                    assertThat(e.error().message()).isNotBlank();
                });

        String id = sharedConversation();
        MittwaldClient outsider = Clients.builder(parley, "outsider", proxy.url()).retries(false).build();
        assertThatThrownBy(() -> outsider.conversation().listMessagesByConversation(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void visibleButNotAllowedIsForbidden() {
        String id = sharedConversation();
        MittwaldClient member = Clients.builder(parley, "customer-member", proxy.url()).retries(false).build();
        String messageId = owner.conversation().createMessage(id, CreateMessageRequest.text("mine")).messageId();

        assertThatThrownBy(() -> member.conversation().updateConversation(id, UpdateConversationRequest.title("theirs")))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.error().type()).isEqualTo("Forbidden");
                });
        assertThatThrownBy(() -> member.conversation().updateMessage(id, messageId, new UpdateMessageRequest("edited")))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void anUnknownTokenIsUnauthorized() {
        MittwaldClient stranger = MittwaldClient.builder().baseUrl(proxy.url()).token("not-a-token").retries(false).build();

        assertThatThrownBy(() -> stranger.conversation().listConversations())
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.error().type()).isEqualTo("Unauthorized");
                });
        assertThat(proxy.last().header("x-access-token")).isEqualTo("not-a-token");
    }

    @Test
    void aRateLimitWithoutRetriesIsRateLimitedWithTheRetryTime() {
        proxy.inject(Fault.rateLimited(RecordingProxy.any(), "7"));

        assertThatThrownBy(() -> owner.conversation().listCategories())
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7));
                    assertThat(e.error().type()).isEqualTo("RateLimitError");
                    assertThat(e.error().message()).isEqualTo("too many requests");
                });
    }

    @Test
    void serverFailuresAreServerExceptions() {
        proxy.inject(new Fault(RecordingProxy.any(), 500, Map.of(),
                "{\"type\":\"InternalServerError\",\"message\":\"An unexpected error occurred\"}"));
        assertThatThrownBy(() -> owner.conversation().listCategories())
                .isInstanceOfSatisfying(ServerException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.error().type()).isEqualTo("InternalServerError");
                    assertThat(e.retryAfter()).isEmpty();
                });

        proxy.inject(new Fault(RecordingProxy.any(), 503, Map.of("Retry-After", "1"),
                "{\"type\":\"ServiceUnavailable\",\"message\":\"The database is unavailable; try again shortly\"}"));
        assertThatThrownBy(() -> owner.conversation().listCategories())
                .isInstanceOfSatisfying(ServerException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(1));
                });

        // not JSON (say, a proxy's error page): the type names the status, the message holds the text
        proxy.inject(new Fault(RecordingProxy.any(), 502, Map.of("Content-Type", "text/html"), "<h1>Bad Gateway</h1>"));
        assertThatThrownBy(() -> owner.conversation().listCategories())
                .isInstanceOfSatisfying(ServerException.class, e -> {
                    assertThat(e.error().type()).isEqualTo("HTTP 502");
                    assertThat(e.error().message()).isEqualTo("<h1>Bad Gateway</h1>");
                });
    }

    @Test
    void otherStatusesAreTheBaseApiException() {
        proxy.inject(new Fault(RecordingProxy.any(), 412, Map.of(),
                "{\"type\":\"PreconditionFailed\",\"message\":\"The requested event 99 was not reached within 1000 ms\"}"));

        assertThatThrownBy(() -> owner.conversation().listCategories())
                .isExactlyInstanceOf(MittwaldApiException.class)
                .satisfies(e -> {
                    MittwaldApiException api = (MittwaldApiException) e;
                    assertThat(api.status()).isEqualTo(412);
                    assertThat(api.error().type()).isEqualTo("PreconditionFailed");
                });
    }

    @Test
    void aSuccessThatIsNotTheContractsShapeIsAnUnexpectedResponse() {
        proxy.inject(new Fault(RecordingProxy.any(), 200, Map.of("Content-Type", "text/plain"), "hello"));

        assertThatThrownBy(() -> owner.conversation().listCategories()).isInstanceOf(UnexpectedResponseException.class)
                .isInstanceOf(MittwaldException.class);
    }

    @Test
    void noServerIsAConnectionException() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        MittwaldClient nowhere = MittwaldClient.builder().baseUrl("http://127.0.0.1:" + port).retries(false).build();

        assertThatThrownBy(() -> nowhere.conversation().listCategories())
                .isInstanceOf(MittwaldConnectionException.class)
                .isInstanceOf(MittwaldException.class)
                .hasCauseInstanceOf(java.io.IOException.class);
    }
}
