package dev.parley.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes whose clocks differ write one timeline: an entry is never older than the entry before it,
 * and lastMessageAt never goes back. Simulated by moving the existing entries an hour into the
 * future, as a node whose clock is ahead would have written them.
 */
class ClockSkewTest {

    @Test
    void aNodeWithAClockBehindStillAppendsInTimeOrder() throws SQLException {
        try (TestServer server = TestServer.startDemo()) {
            ApiClient api = server.client();
            String owner = server.user("customer-owner").token();
            String staff = server.user("employee").token();
            String id = api.newConversation(owner, Map.of("title", "Skewed clocks", "messageContent", "first"));
            long ahead = System.currentTimeMillis() + 3_600_000;
            try (Connection c = DriverManager.getConnection(server.databaseUrl());
                 PreparedStatement entries = c.prepareStatement("UPDATE timeline_entries SET created_at = ? WHERE conversation_id = ?");
                 PreparedStatement conversation = c.prepareStatement(
                         "UPDATE conversations SET last_message_at = ?, sort_at = ? WHERE conversation_id = ?")) {
                entries.setLong(1, ahead);
                entries.setString(2, id);
                entries.executeUpdate();
                conversation.setLong(1, ahead);
                conversation.setLong(2, ahead);
                conversation.setString(3, id);
                conversation.executeUpdate();
            }

            // staff answer: a message and a status update, both written by "this" node, whose clock is behind
            api.createMessage(staff, id, Map.of("messageContent", "second")).assertStatus(201);
            JsonNode timeline = api.listMessages(staff, id).assertStatus(200).json();
            assertThat(timeline.findValuesAsText("messageContent"))
                    .containsExactly("CONVERSATION_CREATED", "first", "second", "STATUS_ANSWERED");
            Instant previous = Instant.EPOCH;
            for (JsonNode entry : timeline) {
                Instant at = Instant.parse(entry.path("createdAt").asText());
                assertThat(at).as("createdAt of " + entry.path("messageContent").asText()).isAfterOrEqualTo(previous);
                previous = at;
            }
            assertThat(previous).isEqualTo(Instant.ofEpochMilli(ahead));
            JsonNode c = api.getConversation(staff, id).assertStatus(200).json();
            assertThat(c.path("lastMessageAt").asText()).as("lastMessageAt never goes back")
                    .isEqualTo(timeline.get(2).path("createdAt").asText());
            assertThat(Instant.parse(c.path("lastMessageAt").asText())).isEqualTo(Instant.ofEpochMilli(ahead));
        }
    }
}
