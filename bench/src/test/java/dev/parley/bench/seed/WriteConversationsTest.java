package dev.parley.bench.seed;

import dev.parley.bench.targets.BenchTargets;
import dev.parley.bench.targets.BenchTargets.Role;
import dev.parley.bench.targets.TargetsFile;
import dev.parley.bench.targets.WriteConversations;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conversations the writing scenarios write to, drawn from a seeded store: the customer's
 * own (every one in conversation_viewers for that user), newest activity first, none twice, the
 * listed ones among them; a token that is not in the store draws nothing.
 */
class WriteConversationsTest {
    @TempDir
    Path temp;

    private static ObjectNode seed(String url) throws Exception {
        SeedSettings settings = new SeedSettings(3000, 30, 5, 11, SeedSettings.DEFAULT_UNTIL, 1.0, 12);
        return new Seeder(settings, url, new PrintStream(new ByteArrayOutputStream()), false).run().credentials();
    }

    private static void check(String url) throws Exception {
        ObjectNode credentials = seed(url);
        BenchTargets targets = TargetsFile.parse(credentials);
        String userId = credentials.path("users").path("biggestCustomerMember").path("userId").asText();
        List<String> drawn = WriteConversations.draw(url, targets.token(Role.CUSTOMER));

        List<String> visible = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement st = c.prepareStatement(
                     "SELECT conversation_id FROM conversation_viewers WHERE user_id = ? ORDER BY sort_at DESC, conversation_id")) {
            st.setString(1, userId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    visible.add(rs.getString(1));
                }
            }
        }
        assertThat(visible.size()).as("the biggest customer's member sees more than the file lists").isGreaterThan(5);
        assertThat(drawn).hasSize(Math.min(visible.size(), WriteConversations.MAX)).doesNotHaveDuplicates();
        assertThat(drawn).containsExactlyElementsOf(visible.subList(0, drawn.size()));
        assertThat(visible).containsAll(targets.conversationIds());
        assertThat(WriteConversations.draw(url, "parley_not-a-token-of-this-store")).isEmpty();
    }

    @Test
    void sqliteDrawsTheCustomersOwnConversationsNewestFirst() throws Exception {
        check("jdbc:sqlite:" + temp.resolve("store").resolve("parley.db").toAbsolutePath());
    }

    @Test
    void postgresqlDrawsTheCustomersOwnConversationsNewestFirst() throws Exception {
        String name = PostgresDatabases.create();
        try {
            check(PostgresDatabases.url(name));
        } finally {
            PostgresDatabases.drop(name);
        }
    }
}
