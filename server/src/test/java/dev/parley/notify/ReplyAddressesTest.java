package dev.parley.notify;

import dev.parley.storage.Database;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reply tokens of notification mails, on both engines: one per conversation and recipient,
 * stable across calls, naming exactly them; tampered, foreign and malformed tokens name nobody.
 * Bad tokens tried: another row's signature, a changed character of the signature, upper case,
 * a row that does not exist, extra characters, no separator, an empty string, null.
 */
class ReplyAddressesTest {
    private static TestServer server;
    private static Database db;
    private static String conversation;
    private static String owner;
    private static String member;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        db = server.parley().database();
        owner = server.user("customer-owner").userId();
        member = server.user("customer-member").userId();
        conversation = server.client().newConversation(server.user("customer-owner").token(), Map.of("title", "mail me"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTokenNamesItsConversationAndRecipientAndIsReused() {
        String token = db.write(h -> ReplyAddresses.token(h, conversation, owner));
        assertThat(token).matches("[1-9][0-9]*-[a-z2-7]{16}");
        String again = db.write(h -> ReplyAddresses.token(h, conversation, owner));
        assertThat(again).isEqualTo(token);
        String other = db.write(h -> ReplyAddresses.token(h, conversation, member));
        assertThat(other).isNotEqualTo(token);
        assertThat(resolve(token)).contains(new ReplyAddresses.Recipient(conversation, owner));
        assertThat(resolve(other)).contains(new ReplyAddresses.Recipient(conversation, member));
    }

    @Test
    void tamperedForeignAndMalformedTokensNameNobody() {
        String token = db.write(h -> ReplyAddresses.token(h, conversation, owner));
        String other = db.write(h -> ReplyAddresses.token(h, conversation, member));
        String id = token.substring(0, token.indexOf('-'));
        String signature = token.substring(token.indexOf('-') + 1);
        String otherSignature = other.substring(other.indexOf('-') + 1);
        char last = signature.charAt(signature.length() - 1);
        String flipped = signature.substring(0, signature.length() - 1) + (last == 'a' ? 'b' : 'a');
        for (String bad : new String[]{id + "-" + otherSignature, id + "-" + flipped, token.toUpperCase(),
                "999999-" + signature, token + "x", id + signature, "", "0-" + signature, null}) {
            assertThat(resolve(bad)).as(String.valueOf(bad)).isEmpty();
        }
        // the signature is bound to the store's secret: another secret, another signature
        assertThat(ReplyAddresses.signature(new byte[32], Long.parseLong(id), conversation, owner)).isNotEqualTo(signature);
    }

    @Test
    void addressesCarryTheTokenAfterAPlusAndAreReadBackWithoutRegardToCase() {
        assertThat(ReplyAddresses.address("support@example.com", "12-abcdefghijklmnop"))
                .isEqualTo("support+12-abcdefghijklmnop@example.com");
        assertThat(ReplyAddresses.tokenIn("support@example.com", "Support+12-ABCDEFGHIJKLMNOP@Example.COM"))
                .contains("12-abcdefghijklmnop");
        assertThat(ReplyAddresses.tokenIn("support@example.com", "support@example.com")).isEmpty();
        assertThat(ReplyAddresses.tokenIn("support@example.com", "other+12-abcdefghijklmnop@example.com")).isEmpty();
        assertThat(ReplyAddresses.tokenIn("support@example.com", "support+12-abcdefghijklmnop@example.org")).isEmpty();
        assertThat(ReplyAddresses.tokenIn("support@example.com", "no-at-sign")).isEmpty();
    }

    @Test
    void twoCallsForOneSecretKeepTheFirstOne() {
        byte[] first = db.write(h -> ServerSecrets.get(h, "test-secret"));
        byte[] second = db.write(h -> ServerSecrets.get(h, "test-secret"));
        assertThat(first).hasSize(32).isEqualTo(second);
        byte[] another = db.write(h -> ServerSecrets.get(h, "another-secret"));
        assertThat(another).isNotEqualTo(first);
    }

    private static Optional<ReplyAddresses.Recipient> resolve(String token) {
        return db.read(h -> ReplyAddresses.resolve(h, token));
    }
}
