package dev.parley.fuzz;

import dev.parley.testing.ApiResponse;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated request bodies ({@link BodyMutations}) for every conversation operation with a JSON
 * body: never a 5xx, every refusal a 4xx in the contract's error shape (JSON {@code type} and
 * {@code message}, for 400 a {@code validationErrors} array; ApiClient also checks the
 * response against the operation's schema), and a mutation that leaves the body valid is not
 * refused. Whether it is valid is decided by a second JSON Schema implementation
 * ({@link IndependentSchemaCheck}), which must agree with the server's on every mutant.
 *
 * <p>Bad inputs tried, on each operation: a property of the wrong JSON type (number, float,
 * boolean, null, array, object, string); a missing required property (the contract's and
 * Parley's: title, messageContent, status); extra nesting (a value wrapped in an array or an
 * object); nesting 20 to 220 deep; a string past its maxLength (8000, Parley's 300 for titles,
 * 20 000 where unbounded); a body past the 1 MiB limit; unknown enum values ("bogus", "",
 * "OPEN", "open " …); invalid UUIDs (short, long, braces, no dashes, a 'g', SQL, a path,
 * "%00"); control characters U+0001–U+001F inserted into text; U+0000; lone surrogates as JSON
 * escapes ({@code \ud800}, {@code \udfff}, {@code \udbff\u0041}, {@code \ud83d}); FTS5 /
 * tsquery / SQL syntax inserted into text ({@code "}, {@code *}, {@code NEAR(}, {@code AND OR
 * NOT}, {@code '; DROP TABLE}, {@code :*}, {@code !}, {@code <->}, {@code \}); invalid JSON
 * (truncated, trailing garbage, single quotes, a trailing comma, invalid UTF-8 in a string,
 * NaN and Infinity, unquoted keys, bad escapes); a body that is an array, string, number,
 * null or boolean; unknown properties ({@code __proto__}, {@code $where}, an RLO, "") and a
 * wrong or missing Content-Type (text/plain, form, XML, multipart without boundary, none).
 *
 * <p>Shrinking is off: a mutant carries the outcome expected of it, and shrinking its body (an
 * invalid {@code {,}} down to a valid {@code {}}) would keep that expectation for a body it no
 * longer fits.
 */
class MutatedBodiesFuzzTest {
    static FuzzServer fuzz;
    static String target;
    static String messageId;

    @BeforeContainer
    static void start() {
        fuzz = new FuzzServer();
        target = fuzz.newConversation();
        messageId = fuzz.api.createMessage(fuzz.owner, target, Map.of("messageContent", "edit me"))
                .assertStatus(201).json().path("messageId").asText();
    }

    @AfterContainer
    static void stop() {
        if (fuzz != null) {
            fuzz.close();
        }
    }

    private static Arbitrary<BodyMutations.Mutant> mutants(String operationId) {
        return BodyMutations.of(operationId, fuzz.fixtures());
    }

    @Provide
    Arbitrary<BodyMutations.Mutant> createConversation() {
        return mutants("conversation-create-conversation");
    }

    @Provide
    Arbitrary<BodyMutations.Mutant> updateConversation() {
        return mutants("conversation-update-conversation");
    }

    @Provide
    Arbitrary<BodyMutations.Mutant> setStatus() {
        return mutants("conversation-set-conversation-status");
    }

    @Provide
    Arbitrary<BodyMutations.Mutant> createMessage() {
        return mutants("conversation-create-message");
    }

    @Provide
    Arbitrary<BodyMutations.Mutant> updateMessage() {
        return mutants("conversation-update-message");
    }

    @Provide
    Arbitrary<BodyMutations.Mutant> requestFileUpload() {
        return mutants("conversation-request-file-upload");
    }

    @Property(tries = 80, shrinking = ShrinkingMode.OFF)
    void createConversation(@ForAll("createConversation") BodyMutations.Mutant m) {
        send("conversation-create-conversation", "POST", "/v2/conversations", m);
    }

    @Property(tries = 60, shrinking = ShrinkingMode.OFF)
    void updateConversation(@ForAll("updateConversation") BodyMutations.Mutant m) {
        send("conversation-update-conversation", "PUT", "/v2/conversations/" + target, m);
    }

    @Property(tries = 50, shrinking = ShrinkingMode.OFF)
    void setStatus(@ForAll("setStatus") BodyMutations.Mutant m) {
        send("conversation-set-conversation-status", "PUT", "/v2/conversations/" + target + "/status", m);
    }

    @Property(tries = 60, shrinking = ShrinkingMode.OFF)
    void createMessage(@ForAll("createMessage") BodyMutations.Mutant m) {
        send("conversation-create-message", "POST", "/v2/conversations/" + target + "/messages", m);
    }

    @Property(tries = 60, shrinking = ShrinkingMode.OFF)
    void updateMessage(@ForAll("updateMessage") BodyMutations.Mutant m) {
        send("conversation-update-message", "PATCH", "/v2/conversations/" + target + "/messages/" + messageId, m);
    }

    @Property(tries = 40, shrinking = ShrinkingMode.OFF)
    void requestFileUpload(@ForAll("requestFileUpload") BodyMutations.Mutant m) {
        send("conversation-request-file-upload", "POST", "/v2/conversations/" + target + "/files", m);
    }

    private static void send(String operationId, String method, String path, BodyMutations.Mutant m) {
        assertThat(m.disagreement()).as("%s", m).isNull();
        // send() checks the response against the contract (and refuses any 5xx) before we look
        ApiResponse r = fuzz.api.call(operationId, method, path).token(fuzz.owner).raw(m.contentType(), m.body()).send();
        switch (m.expect()) {
            case REFUSE -> FuzzServer.assertErrorShape(r);
            case ACCEPT -> assertThat(r.status()).as("%s accepted: %s", m, r.text()).isBetween(200, 299);
            case EITHER -> {
                if (r.status() >= 300) {
                    FuzzServer.assertErrorShape(r);
                }
            }
        }
    }
}
