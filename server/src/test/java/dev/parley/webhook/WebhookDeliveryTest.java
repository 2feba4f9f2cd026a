package dev.parley.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.testing.ApiClient;
import dev.parley.testing.CliCapture;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.parley.webhook.WebhookReceiver.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks end to end on the run's engine: hooks added with {@code parley admin webhook}, events
 * made through the API, delivered to a receiver on 127.0.0.1 (let through by
 * {@code --webhook-allow-private}) that checks every signature with its own implementation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookDeliveryTest {
    static final Duration WAIT = Duration.ofSeconds(60); // generous: the machine may be busy

    TestServer server;
    WebhookReceiver receiver;
    ApiClient api;
    String owner;
    String employee;
    String employeeId;
    String outsider;
    String projectMember;

    /** What a CLI run printed and returned. */
    record Run(int exitCode, String out, String err) {
        String ok() {
            assertThat(exitCode).as("exit code; stderr: " + err).isZero();
            return out.strip();
        }
    }

    @BeforeAll
    void start() {
        receiver = new WebhookReceiver();
        server = TestServer.start(b -> b.webhooks(WebhookSettings.defaults().withAllowPrivate(List.of("127.0.0.1"))
                .withRetries(Duration.ofMillis(100), Duration.ofMillis(400), WebhookSettings.DEFAULT_RETRY_FOR)
                .withPoll(Duration.ofMillis(200))));
        api = server.client();
        owner = server.user("customer-owner").token();
        employee = server.user("employee").token();
        employeeId = server.user("employee").userId();
        outsider = server.user("outsider").token();
        projectMember = server.user("project-member").token();
    }

    @AfterAll
    void stop() {
        server.close();
        receiver.close();
    }

    Run admin(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("admin");
        argv.add("webhook");
        argv.addAll(List.of(args));
        argv.add("--data-dir");
        argv.add(server.dataDir().toString());
        argv.add("--database-url");
        argv.add(server.databaseUrl());
        CliCapture.Result r = CliCapture.run(argv);
        return new Run(r.exitCode(), r.out(), r.err());
    }

    /** Adds a hook to the receiver's {@code path} and returns its id. */
    String hook(String path, String... options) {
        List<String> args = new ArrayList<>(List.of("add", "--url", receiver.url(path), "--webhook-allow-private", "127.0.0.1"));
        args.addAll(List.of(options));
        String[] lines = admin(args.toArray(String[]::new)).ok().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).startsWith("whsec_");
        receiver.secret(path, lines[1].strip());
        return lines[0].strip();
    }

    JsonNode deliveries(String hookId) {
        return Json.tree(admin("deliveries", "--id", hookId, "--limit", "1000", "--json").ok());
    }

    List<JsonNode> deliveriesOf(String hookId, String conversationId) {
        List<JsonNode> out = new ArrayList<>();
        deliveries(hookId).forEach(d -> {
            if (conversationId.equals(d.path("conversationId").asText())) {
                out.add(d);
            }
        });
        return out;
    }

    Object sharedWithCustomer(String customerId) {
        return Map.of("aggregate", "customer", "domain", "customer", "id", customerId);
    }

    static List<String> types(List<WebhookReceiver.Received> received) {
        return received.stream().map(WebhookReceiver.Received::type).toList();
    }

    @Test
    void eachKindOfEventArrivesSignedWithTheResourceAsTheApiRendersIt() {
        hook("/all");
        hook("/customer", "--customer", server.demoCustomerId());
        hook("/messages", "--events", "message.created");

        String c = api.newConversation(owner, Map.of("title", "Webhook events",
                "sharedWith", sharedWithCustomer(server.demoCustomerId())));
        api.createMessage(employee, c, Map.of("messageContent", "a staff note", "internal", true)).assertStatus(201);
        String fileId = api.upload(owner, c, "notes.txt", "text/plain", SampleFiles.text("hello webhooks")).path("id").asText();
        String messageId = api.createMessage(owner, c, Map.of("messageContent", "with a file", "fileIds", List.of(fileId)))
                .assertStatus(201).json().path("messageId").asText();
        api.setStatus(employee, c, "closed").assertStatus(200);
        api.call("parley-set-conversation-assignment", "PUT", "/v2/conversations/" + c + "/assignment")
                .token(employee).json(Map.of("assigneeId", employeeId)).send().assertStatus(200);

        await(WAIT, "six events at the global hook", () -> receiver.at("/all", c).size() >= 6);
        List<WebhookReceiver.Received> all = receiver.at("/all", c);
        assertThat(types(all)).containsExactly("conversation.created", "message.created", "message.created",
                "file.attached", "conversation.status_changed", "conversation.assigned");
        await(WAIT, "four events at the customer's hook", () -> receiver.at("/customer", c).size() >= 4);
        await(WAIT, "two messages at the message hook", () -> receiver.at("/messages", c).size() >= 2);

        for (String path : List.of("/all", "/customer", "/messages")) {
            List<WebhookReceiver.Received> got = receiver.at(path, c);
            assertThat(got).allSatisfy(r -> {
                assertThat(r.signatureValid()).as("signature of " + r.type() + " at " + path).isTrue();
                assertThat(r.webhookId()).startsWith("msg_");
                assertThat(Instant.parse(r.json().path("timestamp").asText())).isBeforeOrEqualTo(Instant.now());
            });
            assertThat(got.stream().map(WebhookReceiver.Received::webhookId).distinct().count()).isEqualTo(got.size());
        }

        // the customer's hook: no internal note, no assignment; nothing else was even queued for it
        List<WebhookReceiver.Received> customer = receiver.at("/customer", c);
        assertThat(types(customer)).containsExactly("conversation.created", "message.created", "file.attached",
                "conversation.status_changed");
        assertThat(customer.get(1).json().at("/data/message/internal").asBoolean()).isFalse();
        assertThat(all.get(1).json().at("/data/message/internal").asBoolean()).isTrue();
        assertThat(types(receiver.at("/messages", c))).containsExactly("message.created", "message.created");

        // payloads: ids, and the resources as the API renders them
        JsonNode created = all.get(0).json().path("data");
        JsonNode got = api.getConversation(owner, c).assertStatus(200).json();
        assertThat(created.path("conversationId").asText()).isEqualTo(c);
        assertThat(created.at("/conversation/conversationId").asText()).isEqualTo(c);
        assertThat(created.at("/conversation/title").asText()).isEqualTo("Webhook events");
        assertThat(created.at("/conversation/shortId").asText()).isEqualTo(got.path("shortId").asText());

        JsonNode listed = null;
        for (JsonNode m : api.listMessages(owner, c).assertStatus(200).json()) {
            if (messageId.equals(m.path("messageId").asText())) {
                listed = m;
            }
        }
        JsonNode message = customer.get(1).json().path("data");
        assertThat(message.path("messageId").asText()).isEqualTo(messageId);
        assertThat(message.path("message")).isEqualTo(listed);
        JsonNode file = customer.get(2).json().path("data");
        assertThat(file.path("fileId").asText()).isEqualTo(fileId);
        assertThat(file.path("messageId").asText()).isEqualTo(messageId);
        assertThat(file.at("/file/id").asText()).isEqualTo(fileId);
        assertThat(file.at("/file/name").asText()).isEqualTo("notes.txt");
        assertThat(all.get(4).json().at("/data/conversation/status").asText()).isEqualTo("closed");
        assertThat(all.get(5).json().at("/data/assigneeId").asText()).isEqualTo(employeeId);
        assertThat(all.get(5).json().at("/data/assignedBy").asText()).isEqualTo(employeeId);
    }

    @Test
    void aCustomersHookGetsItsProjectsConversationsAndNeverAnotherCustomers() {
        String mine = hook("/mine", "--customer", server.demoCustomerId());
        String theirs = hook("/theirs", "--customer", server.outsiderCustomerId());

        String project = api.newConversation(projectMember, Map.of("title", "Project matter",
                "sharedWith", Map.of("aggregate", "project", "domain", "project", "id", server.demoProjectId())));
        String other = api.newConversation(outsider, Map.of("title", "Someone else's matter",
                "sharedWith", sharedWithCustomer(server.outsiderCustomerId())));
        api.createMessage(outsider, other, Map.of("messageContent", "still theirs")).assertStatus(201);

        await(WAIT, "the project's conversation", () -> receiver.at("/mine", project).size() >= 1);
        await(WAIT, "the other customer's events", () -> receiver.at("/theirs", other).size() >= 2);
        assertThat(types(receiver.at("/theirs", other))).containsExactly("conversation.created", "message.created");
        assertThat(deliveriesOf(mine, other)).isEmpty();
        assertThat(deliveriesOf(theirs, project)).isEmpty();
        assertThat(receiver.at("/mine", other)).isEmpty();
        assertThat(receiver.at("/theirs", project)).isEmpty();
    }

    @Test
    void failedAttemptsAreRetriedAndEachEventArrivesOnceInOrder() {
        String flaky = hook("/flaky");
        receiver.answer("/flaky", n -> n <= 3 ? 500 : 204);

        String c = api.newConversation(owner, Map.of("title", "Retries", "sharedWith", sharedWithCustomer(server.demoCustomerId())));
        for (int i = 1; i <= 3; i++) {
            api.createMessage(owner, c, Map.of("messageContent", "message " + i)).assertStatus(201);
        }
        await(WAIT, "four events accepted", () -> receiver.at("/flaky", c).stream().filter(r -> r.answered() == 204).count() >= 4);

        List<WebhookReceiver.Received> requests = receiver.at("/flaky", c);
        List<WebhookReceiver.Received> accepted = requests.stream().filter(r -> r.answered() == 204).toList();
        assertThat(types(accepted)).containsExactly("conversation.created", "message.created", "message.created", "message.created");
        assertThat(accepted.subList(1, 4).stream().map(r -> r.json().at("/data/message/messageContent").asText()))
                .containsExactly("message 1", "message 2", "message 3");
        assertThat(requests).hasSize(7); // three failures of the first, then one each
        // a later event is never sent before an earlier one succeeded; a retry is the same message
        List<String> order = accepted.stream().map(WebhookReceiver.Received::webhookId).toList();
        int highest = 0;
        for (WebhookReceiver.Received r : requests) {
            int index = order.indexOf(r.webhookId());
            assertThat(index).isGreaterThanOrEqualTo(highest);
            highest = index;
            WebhookReceiver.Received first = requests.stream().filter(x -> x.webhookId().equals(r.webhookId())).findFirst().orElseThrow();
            assertThat(r.body()).isEqualTo(first.body());
            assertThat(r.signatureValid()).isTrue();
        }
        assertThat(requests.subList(0, 4)).allSatisfy(r -> assertThat(r.webhookId()).isEqualTo(order.get(0)));

        await(WAIT, "the deliveries recorded", () -> deliveriesOf(flaky, c).stream()
                .allMatch(d -> d.path("status").asText().equals("delivered")));
        List<JsonNode> recorded = deliveriesOf(flaky, c);
        assertThat(recorded).hasSize(4);
        JsonNode firstDelivery = recorded.get(recorded.size() - 1); // newest first
        assertThat(firstDelivery.path("event").asText()).isEqualTo("conversation.created");
        assertThat(firstDelivery.path("attempts").asInt()).isEqualTo(4);
        assertThat(firstDelivery.path("lastHttpStatus").asInt()).isEqualTo(204);
    }

    @Test
    void aPendingDeliveryOutlivesARestart() {
        String id = hook("/later");
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean(false);
        receiver.answer("/later", n -> up.get() ? 204 : 503);
        String c = api.newConversation(owner, Map.of("title", "Across a restart"));
        await(WAIT, "a failed attempt", () -> attempted(id, c));

        server.restart();
        api = server.client();
        up.set(true);
        await(WAIT, "the delivery after the restart", () -> receiver.at("/later", c).stream().anyMatch(r -> r.answered() == 204));
        List<WebhookReceiver.Received> got = receiver.at("/later", c);
        assertThat(got.stream().filter(r -> r.answered() == 204)).hasSize(1);
        assertThat(got.stream().map(WebhookReceiver.Received::webhookId).distinct()).hasSize(1);
        assertThat(got).allSatisfy(r -> assertThat(r.body()).isEqualTo(got.get(0).body()));
        admin("remove", "--id", id).ok();
    }

    @Test
    void refusedAddressesAndBadAnswersAreFailedAttemptsWithABoundedRecord() {
        // hooks whose names now resolve to forbidden addresses (written straight into the store, as
        // if their DNS had changed since they were added): refused before any connection
        String metadata = insertHook("http://169.254.169.254/latest/meta-data/");
        String privateNet = insertHook("http://10.0.0.1/hook");
        String loopback6 = insertHook("http://[::1]:9/hook");
        String mapped = insertHook("http://[::ffff:127.0.0.2]:9/hook");
        String broken = hook("/broken");
        receiver.answer("/broken", n -> 500);
        String redirecting = hook("/redirect");
        receiver.answer("/redirect", n -> 302);

        String c = api.newConversation(owner, Map.of("title", "Refused", "sharedWith", sharedWithCustomer(server.demoCustomerId())));
        Map<String, String> expected = Map.of(metadata, "link-local", privateNet, "a private address", loopback6, "loopback",
                mapped, "loopback");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            await(WAIT, "an attempt of " + e.getKey(), () -> attempted(e.getKey(), c));
            JsonNode d = deliveriesOf(e.getKey(), c).get(0);
            assertThat(d.path("status").asText()).isEqualTo("pending");
            assertThat(d.path("lastHttpStatus").isNull()).isTrue();
            assertThat(d.path("lastError").asText()).contains("not sent").contains(e.getValue());
            assertThat(d.path("nextAttemptAt").isNull()).isFalse();
        }
        await(WAIT, "an attempt of the broken hook", () -> attempted(broken, c));
        JsonNode failed = deliveriesOf(broken, c).get(0);
        assertThat(failed.path("lastHttpStatus").asInt()).isEqualTo(500);
        assertThat(failed.path("lastError").asText()).startsWith("answer 500").hasSizeLessThanOrEqualTo(1024);
        await(WAIT, "an attempt of the redirecting hook", () -> attempted(redirecting, c));
        JsonNode redirected = deliveriesOf(redirecting, c).get(0);
        assertThat(redirected.path("status").asText()).isEqualTo("pending");
        assertThat(redirected.path("lastHttpStatus").asInt()).isEqualTo(302);
        assertThat(redirected.path("lastError").asText()).contains("redirect not followed");
        for (String id : List.of(metadata, privateNet, loopback6, mapped, broken, redirecting)) {
            admin("remove", "--id", id).ok();
        }
    }

    private boolean attempted(String hookId, String conversationId) {
        List<JsonNode> d = deliveriesOf(hookId, conversationId);
        return !d.isEmpty() && d.get(0).path("attempts").asInt() >= 1;
    }

    private String insertHook(String url) {
        String id = java.util.UUID.randomUUID().toString();
        server.parley().database().write(h -> h.createUpdate("""
                        INSERT INTO webhooks (hook_id, url, customer_id, events, secret, created_at)
                        VALUES (:id, :url, NULL, NULL, :secret, 0)""")
                .bind("id", id).bind("url", url).bind("secret", WebhookSignature.newSecret()).execute());
        return id;
    }

    @Test
    void adminAddRefusesBadInput() {
        for (String url : List.of("http://127.0.0.1/x", "http://[::1]/", "http://169.254.169.254/", "http://10.0.0.1/",
                "http://localhost/hook", "http://[::ffff:127.0.0.1]/", "http://[fe80::1]/")) {
            Run r = admin("add", "--url", url);
            assertThat(r.exitCode()).as(url).isEqualTo(1);
            assertThat(r.err()).as(url).contains("parley: webhook URL").contains("resolves to").doesNotContain("Exception");
        }
        Run ftp = admin("add", "--url", "ftp://93.184.216.34/");
        assertThat(ftp.exitCode()).isEqualTo(1);
        assertThat(ftp.err()).contains("must be http or https");
        Run customer = admin("add", "--url", receiver.url("/x"), "--webhook-allow-private", "127.0.0.1", "--customer", "no-such");
        assertThat(customer.exitCode()).isEqualTo(1);
        assertThat(customer.err()).contains("no customer no-such");
        Run event = admin("add", "--url", receiver.url("/x"), "--webhook-allow-private", "127.0.0.1", "--events", "message.deleted");
        assertThat(event.exitCode()).isEqualTo(1);
        assertThat(event.err()).contains("unknown webhook event message.deleted");
        Run allow = admin("add", "--url", receiver.url("/x"), "--webhook-allow-private", "nonsense");
        assertThat(allow.exitCode()).isEqualTo(1);
        assertThat(allow.err()).contains("--webhook-allow-private");
    }

    @Test
    void adminListsRemovesShowsDeliveriesAndRedelivers() {
        String id = hook("/admin", "--customer", server.demoCustomerId(), "--events", "conversation.created,message.created");
        String text = admin("list").ok();
        assertThat(text).contains(id + "  " + receiver.url("/admin") + "  " + server.demoCustomerId()
                + "  conversation.created,message.created  ");
        JsonNode listed = null;
        for (JsonNode h : Json.tree(admin("list", "--json").ok())) {
            if (id.equals(h.path("id").asText())) {
                listed = h;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("url").asText()).isEqualTo(receiver.url("/admin"));
        assertThat(listed.path("customerId").asText()).isEqualTo(server.demoCustomerId());
        assertThat(listed.path("events").toString()).isEqualTo("[\"conversation.created\",\"message.created\"]");
        assertThat(Instant.parse(listed.path("createdAt").asText())).isBeforeOrEqualTo(Instant.now());

        String c = api.newConversation(owner, Map.of("title", "Admin", "sharedWith", sharedWithCustomer(server.demoCustomerId())));
        api.setStatus(owner, c, "closed").assertStatus(200); // not among its events
        await(WAIT, "the delivery", () -> receiver.at("/admin", c).size() == 1
                && deliveriesOf(id, c).get(0).path("status").asText().equals("delivered"));
        JsonNode d = deliveriesOf(id, c).get(0);
        assertThat(deliveriesOf(id, c)).hasSize(1);
        assertThat(d.path("event").asText()).isEqualTo("conversation.created");
        assertThat(d.path("attempts").asInt()).isEqualTo(1);
        assertThat(d.path("nextAttemptAt").isNull()).isTrue();
        assertThat(admin("deliveries", "--id", id).ok()).contains(d.path("deliveryId").asText() + "  conversation.created  delivered  attempts=1  http=204");

        admin("redeliver", "--delivery", d.path("deliveryId").asText()).ok();
        await(WAIT, "the redelivery", () -> receiver.at("/admin", c).size() == 2);
        List<WebhookReceiver.Received> got = receiver.at("/admin", c);
        assertThat(got.get(1).webhookId()).isEqualTo(got.get(0).webhookId());
        assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
        assertThat(got.get(1).signatureValid()).isTrue();
        await(WAIT, "the redelivery recorded", () -> deliveriesOf(id, c).get(0).path("attempts").asInt() == 2);

        Run unknown = admin("redeliver", "--delivery", "999999999");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no webhook delivery 999999999");
        Run noHook = admin("deliveries", "--id", "no-such-hook");
        assertThat(noHook.exitCode()).isEqualTo(1);
        assertThat(noHook.err()).contains("no webhook no-such-hook");

        admin("remove", "--id", id).ok();
        assertThat(admin("list").ok()).doesNotContain(id);
        Run again = admin("remove", "--id", id);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("no webhook " + id);
    }
}
