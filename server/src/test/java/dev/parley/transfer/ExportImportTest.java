package dev.parley.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.Parley;
import dev.parley.api.Json;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code parley admin export} / {@code import} across engines. An installation is built through
 * the HTTP API on the run's engine (SQLite in the default half of the suite: conversations,
 * messages, edits, statuses, staff notes, attachments, a deleted attachment, an upload never
 * attached), exported while it runs, imported into a fresh store of the other engine
 * (PostgreSQL, attachments in its database store) and from there exported and imported back into
 * a fresh store of the first engine. Parley started on each copy answers every read exactly as
 * the original did: status, headers (but Date, the request id and the rate-limit counters) and body bytes, for
 * conversations, messages, lists, searches, members, categories, preferences, file meta and
 * downloads; and new events continue after the imported positions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportImportTest {
    /** Headers that differ between two servers answering the same request with the same data. */
    private static final Set<String> VOLATILE = Set.of("date", "x-ratelimit-limit", "x-ratelimit-remaining",
            "x-ratelimit-reset", "retry-after", "x-request-id"); // the request id is made per request
    private static final String SECRET = "export-import-test-file-token-secret-0123456789";

    TestServer source;
    String engine;
    Path work;
    String owner;
    String member;
    String projectMember;
    String outsider;
    String employee;
    final List<String> conversations = new ArrayList<>();
    /** fileId → conversationId of every file with content (attached or not, not deleted). */
    final Map<String, String> files = new LinkedHashMap<>();
    final Map<String, byte[]> contents = new HashMap<>();
    String deletedFile;
    String deletedFileConversation;
    long lastPosition;

    @BeforeAll
    void build() {
        source = TestServer.start(b -> b.files(b.files().withAccessTokenSecret(SECRET)));
        engine = source.databaseUrl().startsWith("jdbc:sqlite:") ? "sqlite" : "postgresql";
        work = Stores.tempDir();
        ApiClient api = source.client();
        owner = source.user("customer-owner").token();
        member = source.user("customer-member").token();
        projectMember = source.user("project-member").token();
        outsider = source.user("outsider").token();
        employee = source.user("employee").token();

        // 1. a customer's conversation with a whole exchange
        String invoice = api.newConversation(owner, Map.of("title", "Invoice mismatch for March",
                "messageContent", "The invoice total does not match the offer",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", source.demoCustomerId())));
        conversations.add(invoice);
        String memberMessage = api.createMessage(member, invoice, Map.of("messageContent", "Same here, typo in the amount"))
                .assertStatus(201).json().path("messageId").asText();
        mutation(api.updateMessage(member, invoice, memberMessage, Map.of("messageContent", "Same here, wrong amount")));
        mutation(api.createMessage(employee, invoice, Map.of("messageContent", "We are looking into the invoice")));
        mutation(api.createMessage(employee, invoice, Map.of("messageContent", "Customer is on the legacy tariff", "internal", true)));
        mutation(api.setStatus(employee, invoice, "inProgress"));
        byte[] png = SampleFiles.png(40, 30);
        byte[] log = SampleFiles.log(200_000);
        String pngId = upload(api, owner, invoice, "screenshot.png", "image/png", png);
        String logId = upload(api, owner, invoice, "server.log", "text/plain", log);
        mutation(api.createMessage(owner, invoice, Map.of("messageContent", "Screenshot and log attached",
                "fileIds", List.of(pngId, logId))));
        byte[] pdf = SampleFiles.pdf();
        String pdfId = upload(api, employee, invoice, "internal-offer.pdf", "application/pdf", pdf);
        mutation(api.createMessage(employee, invoice, Map.of("messageContent", "The original offer", "internal", true,
                "fileIds", List.of(pdfId))));
        // an attachment a staff member deleted (its content is gone; the message shows a DeletedFile)
        byte[] wrong = SampleFiles.text("uploaded by mistake\n");
        deletedFile = upload(api, member, invoice, "mistake.txt", "text/plain", wrong);
        deletedFileConversation = invoice;
        mutation(api.createMessage(member, invoice, Map.of("messageContent", "oops", "fileIds", List.of(deletedFile))));
        api.call("parley-delete-conversation-file", "DELETE", "/v2/conversations/" + invoice + "/files/" + deletedFile)
                .token(employee).send().assertStatus(204);
        files.remove(deletedFile);
        contents.remove(deletedFile);

        // 2. a project's conversation, closed; the same screenshot again (one blob, two files)
        String server = api.newConversation(projectMember, Map.of("title", "Server unreachable since the update",
                "messageContent", "Nothing answers on port 443",
                "sharedWith", Map.of("aggregate", "project", "domain", "project", "id", source.demoProjectId())));
        conversations.add(server);
        String again = upload(api, projectMember, server, "same-screenshot.png", "image/png", png);
        mutation(api.createMessage(projectMember, server, Map.of("fileIds", List.of(again))));
        mutation(api.createMessage(employee, server, Map.of("messageContent", "Fixed the firewall rule")));
        mutation(api.setStatus(projectMember, server, "closed"));

        // 3. an outsider's own conversation, and an upload that was never attached
        String own = api.newConversation(outsider, Map.of("title", "Question about the tariff",
                "messageContent", "Which tariff includes backups?"));
        conversations.add(own);
        upload(api, outsider, own, "draft.txt", "text/plain", SampleFiles.text("a draft never sent\n"));

        // 4. a conversation whose title changed
        String renamed = api.newConversation(owner, Map.of("title", "Domain tranfer", "messageContent", "Moving example.org"));
        conversations.add(renamed);
        mutation(api.updateConversation(owner, renamed, Map.of("title", "Domain transfer to us")));
    }

    private void mutation(ApiResponse response) {
        assertThat(response.status()).as(response.text()).isBetween(200, 204);
        String etag = response.header("ETag");
        if (etag != null) {
            lastPosition = Math.max(lastPosition, Long.parseLong(etag.replace("\"", "")));
        }
    }

    private String upload(ApiClient api, String token, String conversation, String name, String type, byte[] content) {
        String id = api.upload(token, conversation, name, type, content).path("id").asText();
        files.put(id, conversation);
        contents.put(id, content);
        return id;
    }

    @AfterAll
    void stop() {
        if (source != null) {
            source.close();
        }
        Stores.delete(work);
    }

    @Test
    void exportedAndImportedIntoTheOtherEngineAndBackParleyAnswersIdentically() throws IOException {
        Map<String, Answer> original = answers(source.client());
        assertThat(original).hasSizeGreaterThan(60);

        // export while the source serves
        Path first = work.resolve("first.jsonl");
        Stores.Run exported = Stores.cli(cli("export", sourceOptions(), "--output", first.toString()));
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(exported.err()).contains("Exporting").contains("rows").contains("Exported");

        String otherEngine = Stores.other(engine);
        try (Stores.Store other = Stores.of(otherEngine); Stores.Store back = Stores.of(engine)) {
            Stores.Run imported = Stores.cli(cli("import", other.options(), "--input", first.toString(),
                    "--blob-store", other.blobStore()));
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("Imported").contains("from " + engine);
            assertThat(imported.err()).contains("Importing");

            // exported again from the other engine before anything else touches it
            Path second = work.resolve("second.jsonl");
            Stores.Run again = Stores.cli(cli("export", other.options(), "--output", second.toString(), "--no-progress"));
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.err()).doesNotContain("warning");

            assertSameAnswers(other, original, "imported into " + otherEngine);

            // and back, from the other engine into a fresh store of the first
            Stores.Run importedBack = Stores.cli(cli("import", back.options(), "--input", second.toString(),
                    "--blob-store", back.blobStore(), "--no-progress"));
            assertThat(importedBack.exitCode()).as(importedBack.err()).isZero();
            assertThat(importedBack.out()).contains("from " + otherEngine);
            assertSameAnswers(back, original, "imported back into " + engine);

            // both exports carry the same rows and contents (the order of rows within a table may differ)
            assertThat(body(second)).containsExactlyInAnyOrderElementsOf(body(first));
        }
    }

    /** Starts Parley on the store, compares every answer, and checks that new events continue after the old ones. */
    private void assertSameAnswers(Stores.Store store, Map<String, Answer> original, String what) {
        Parley parley = store.start(SECRET);
        try {
            ApiClient api = new ApiClient("http://127.0.0.1:" + parley.port());
            Map<String, Answer> copy = answers(api);
            assertThat(copy.keySet()).containsExactlyElementsOf(original.keySet());
            for (String request : original.keySet()) {
                assertThat(copy.get(request)).as(what + ": " + request).isEqualTo(original.get(request));
            }
            // the search index was rebuilt: a word only in a message body finds its conversation
            JsonNode found = api.listConversations(outsider, "fullTextSearch=firewall").assertStatus(200).json();
            assertThat(found).isEmpty(); // the outsider does not see the project's conversation
            assertThat(api.listConversations(employee, "fullTextSearch=firewall").assertStatus(200).json()).hasSize(1);
            // event positions were kept and the sequence continues after them: ETags only increase
            ApiResponse next = api.createMessage(owner, conversations.get(0), Map.of("messageContent", "after the move"))
                    .assertStatus(201);
            assertThat(Long.parseLong(next.header("ETag").replace("\"", ""))).as(what).isGreaterThan(lastPosition);
            api.call("conversation-list-messages-by-conversation", "GET", "/v2/conversations/" + conversations.get(0) + "/messages")
                    .token(owner).header("if-event-reached", String.valueOf(lastPosition + 1)).send().assertStatus(200);
        } finally {
            parley.close();
        }
    }

    @Test
    void aNonEmptyTargetIsRefusedWithoutForceAndAFailedImportChangesNothing() throws IOException {
        Path dump = work.resolve("refusal.jsonl");
        assertThat(Stores.cli(cli("export", sourceOptions(), "--output", dump.toString(), "--no-progress")).exitCode()).isZero();
        List<String> lines = Files.readAllLines(dump, StandardCharsets.UTF_8);
        Path truncated = work.resolve("truncated.jsonl");
        Files.write(truncated, lines.subList(0, lines.size() - 3), StandardCharsets.UTF_8);

        try (Stores.Store target = Stores.sqlite()) {
            // a truncated export fails and leaves the target empty: the full one then needs no --force
            Stores.Run failed = Stores.cli(cli("import", target.options(), "--input", truncated.toString(), "--no-progress"));
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.err()).contains("truncated");
            Stores.Run ok = Stores.cli(cli("import", target.options(), "--input", dump.toString(), "--no-progress"));
            assertThat(ok.exitCode()).as(ok.err()).isZero();

            Stores.Run refused = Stores.cli(cli("import", target.options(), "--input", dump.toString(), "--no-progress"));
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("not empty").contains("--force");
            Stores.Run forced = Stores.cli(cli("import", target.options(), "--input", dump.toString(), "--no-progress", "--force"));
            assertThat(forced.exitCode()).as(forced.err()).isZero();
            assertThat(forced.out()).contains("replaced");

            Stores.Run notAnExport = Stores.cli(cli("import", target.options(), "--input", source.dataDir()
                    .resolve("demo-credentials.json").toString(), "--no-progress", "--force"));
            assertThat(notAnExport.exitCode()).isEqualTo(1);
            assertThat(notAnExport.err()).contains("not a Parley export");
        }
    }

    @Test
    void theExportIsJsonLinesWithAHeaderRowsInDependencyOrderBase64ContentsAndATrailer() throws IOException {
        Path dump = work.resolve("format.jsonl");
        Stores.Run run = Stores.cli(cli("export", sourceOptions(), "--output", dump.toString(), "--no-progress"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(dump, StandardCharsets.UTF_8);

        JsonNode header = Json.tree(lines.get(0));
        assertThat(header.path("format").asText()).isEqualTo("parley-export");
        assertThat(header.path("version").asInt()).isEqualTo(1);
        assertThat(header.path("schema").path("engine").asText()).isEqualTo(engine);
        List<String> tables = new ArrayList<>();
        header.path("tables").forEach(t -> tables.add(t.path("name").asText()));
        assertThat(tables).doesNotContain("search_index", "flyway_schema_history", "blob_contents")
                .contains("users", "conversations", "timeline_entries", "files", "events", "api_tokens");
        assertThat(tables.indexOf("users")).isLessThan(tables.indexOf("conversations"));
        assertThat(tables.indexOf("conversations")).isLessThan(tables.indexOf("timeline_entries"));
        assertThat(tables.indexOf("timeline_entries")).isLessThan(tables.indexOf("files"));
        assertThat(header.path("sequences").toString()).contains("\"table\":\"events\"");

        List<String> rowTables = new ArrayList<>();
        Map<String, Long> rowsPerTable = new HashMap<>();
        Map<String, byte[]> blobs = new HashMap<>();
        JsonNode trailer = null;
        for (String line : lines.subList(1, lines.size())) {
            JsonNode node = Json.tree(line);
            if (node.has("table")) {
                rowsPerTable.merge(node.path("table").asText(), 1L, Long::sum);
                if (rowTables.isEmpty() || !rowTables.get(rowTables.size() - 1).equals(node.path("table").asText())) {
                    rowTables.add(node.path("table").asText());
                }
            } else if (node.has("blob")) {
                blobs.put(node.path("blob").asText(), Base64.getDecoder().decode(node.path("data").asText()));
            } else {
                trailer = node;
            }
        }
        assertThat(rowTables).as("each table's rows together, in the header's order").isSubsetOf(tables);
        assertThat(rowTables).isSortedAccordingTo(java.util.Comparator.comparingInt(tables::indexOf));
        assertThat(trailer).isNotNull();
        assertThat(trailer.path("end").asBoolean()).isTrue();
        assertThat(trailer.path("rows").asLong()).isEqualTo(lines.size() - 2 - blobs.size());
        // every content once (the screenshot uploaded twice is one blob), the deleted one not at all
        assertThat(blobs.values()).allSatisfy(b -> assertThat(contents.values()).anySatisfy(c -> assertThat(c).isEqualTo(b)));
        assertThat(blobs).hasSize((int) contents.values().stream().map(Base64.getEncoder()::encodeToString).distinct().count());
        // the header announced what followed (the progress bar's total is made of these counts)
        assertThat(header.path("blobs").asLong()).as("blobs announced").isEqualTo(blobs.size());
        assertThat(trailer.path("blobs").asLong()).as("blobs in the trailer").isEqualTo(blobs.size());
        header.path("tables").forEach(t -> assertThat(rowsPerTable.getOrDefault(t.path("name").asText(), 0L))
                .as("rows of " + t.path("name").asText()).isEqualTo(t.path("rows").asLong()));
    }

    // ---- the requests compared ---------------------------------------------------------------

    /** What a server answered, without the headers that differ from server to server. */
    record Answer(int status, Map<String, List<String>> headers, String body) {
    }

    private static Answer answer(ApiResponse r) {
        Map<String, List<String>> headers = new TreeMap<>();
        r.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!VOLATILE.contains(lower)) {
                headers.put(lower, values);
            }
        });
        // bodies compared as text (JSON) or base64 (downloads), byte for byte
        String body = Base64.getEncoder().encodeToString(r.body());
        return new Answer(r.status(), headers, body);
    }

    /** Every read of the installation, as each demo user, keyed by a description of the request. */
    private Map<String, Answer> answers(ApiClient api) {
        Map<String, Answer> out = new LinkedHashMap<>();
        Map<String, String> users = new LinkedHashMap<>();
        users.put("owner", owner);
        users.put("member", member);
        users.put("projectMember", projectMember);
        users.put("outsider", outsider);
        users.put("employee", employee);
        List<String> lists = List.of("", "status=open", "status=closed", "fullTextSearch=invoice",
                "fullTextSearch=" + enc("\"wrong amount\""), "fullTextSearch=legacy", "fullTextSearch=tarif",
                "fullTextSearch=" + enc("transfer domain"), "sort=title&order=asc", "sort=createdAt&order=desc",
                "limit=2&skip=1");
        users.forEach((who, token) -> {
            for (String q : lists) {
                out.put(who + " list ?" + q, answer(api.listConversations(token, q)));
            }
            for (String c : conversations) {
                out.put(who + " get " + c, answer(api.getConversation(token, c)));
                out.put(who + " messages " + c, answer(api.listMessages(token, c)));
                out.put(who + " members " + c, answer(api.members(token, c)));
            }
            out.put(who + " categories", answer(api.listCategories(token)));
        });
        out.put("owner preferences", answer(api.preferences(owner, source.demoCustomerId())));
        for (Map.Entry<String, String> f : files.entrySet()) {
            // access tokens carry their own expiry; each server signs its own, the files answer alike
            ApiResponse access = api.fileAccessToken(employee, f.getValue(), f.getKey());
            if (access.status() != 200) {
                out.put("access token " + f.getKey(), answer(access));
                continue;
            }
            String token = access.json().path("accessToken").asText();
            out.put("meta " + f.getKey(), answer(api.fileMeta(f.getKey(), token)));
            ApiResponse download = api.download(f.getKey(), token).assertStatus(200);
            assertThat(download.body()).isEqualTo(contents.get(f.getKey()));
            out.put("download " + f.getKey(), answer(download));
        }
        out.put("deleted file access token", answer(api.fileAccessToken(employee, deletedFileConversation, deletedFile)));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private List<String> sourceOptions() {
        List<String> options = new ArrayList<>(List.of("--data-dir", source.dataDir().toString()));
        if (!engine.equals("sqlite")) {
            options.add("--database-url");
            options.add(source.databaseUrl());
        }
        return options;
    }

    private static List<String> cli(String command, List<String> options, String... more) {
        List<String> args = new ArrayList<>(List.of("admin", command));
        args.addAll(options);
        args.addAll(List.of(more));
        return args;
    }

    /** The body lines of an export (rows and blobs), without the header and the trailer. */
    private static List<String> body(Path export) throws IOException {
        List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
        return lines.subList(1, lines.size() - 1);
    }
}
