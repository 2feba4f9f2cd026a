package dev.parley.bench.targets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The targets file format, shared by {@code parley bench seed} ({@code bench-credentials.json})
 * and the demo data set ({@code bench-demo-targets.json}):
 * <pre>
 * {"tokens": {"customer": "…", "customerMedian": "…", "employee": "…"},
 *  "conversationIds": ["…", …], "searchWord": "gateway", "searchPhrase": "bad gateway",
 *  "searchQueries": [{"as": "customer", "kind": "frequent-word", "query": "the"}, …],
 *  "writeConversationIds": ["…", …]}
 * </pre>
 * {@code writeConversationIds} ({@link WriteConversations}: where the writing scenarios write) is
 * added to a seeded store's file on first use, like the search queries.
 * {@code searchQueries} ({@link SearchTerms}) is in both files; a file written before it lacks it,
 * and {@link TargetsSource} computes it on first use and {@link #remember}s it in the file.
 * {@code tokens} may also be a list of {@code {"role": …, "token": …}} as in demo-credentials.json.
 * The credentials file of {@code parley bench seed} ({@code "format": "parley-bench-credentials"},
 * see {@code seed/CredentialsCollector}) is read too: its biggest customer's member is
 * {@code customer}, with the conversations of that customer as the ids.
 */
public final class TargetsFile {
    /** written by {@code parley bench seed} */
    public static final String SEEDED = "bench-credentials.json";
    /** written by {@link DemoDataSet} beside demo-credentials.json, so a demo store is filled once */
    public static final String DEMO = "bench-demo-targets.json";

    private TargetsFile() {
    }

    public static BenchTargets read(Path file) {
        try {
            return parse(Json.MAPPER.readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The targets in a parsed targets or credentials file. */
    public static BenchTargets parse(JsonNode doc) {
        if ("parley-bench-credentials".equals(doc.path("format").asText())) {
            return parseSeeded(doc);
        }
        Map<BenchTargets.Role, String> tokens = new EnumMap<>(BenchTargets.Role.class);
        JsonNode t = doc.path("tokens");
        if (t.isArray()) {
            for (JsonNode entry : t) {
                tokens.put(BenchTargets.Role.of(entry.path("role").asText()), entry.path("token").asText());
            }
        } else {
            t.fields().forEachRemaining(e -> tokens.put(BenchTargets.Role.of(e.getKey()), e.getValue().asText()));
        }
        List<String> ids = new ArrayList<>();
        doc.path("conversationIds").forEach(id -> ids.add(id.asText()));
        return new BenchTargets(ids, tokens, doc.path("searchWord").asText(), doc.path("searchPhrase").asText(),
                searchQueries(doc), writeIds(doc));
    }

    private static Map<BenchTargets.Role, List<SearchQuery>> searchQueries(JsonNode doc) {
        Map<BenchTargets.Role, List<SearchQuery>> out = new EnumMap<>(BenchTargets.Role.class);
        for (JsonNode q : doc.path("searchQueries")) {
            out.computeIfAbsent(BenchTargets.Role.of(q.path("as").asText()), r -> new ArrayList<>())
                    .add(new SearchQuery(SearchKind.of(q.path("kind").asText()), q.path("query").asText()));
        }
        return out;
    }

    private static List<String> writeIds(JsonNode doc) {
        List<String> ids = new ArrayList<>();
        doc.path("writeConversationIds").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** Adds (or replaces) the conversations of the writing scenarios in an existing targets or credentials file. */
    public static void rememberWriteIds(Path file, List<String> ids) {
        update(file, doc -> ids.forEach(doc.putArray("writeConversationIds")::add));
    }

    /** Changes an existing targets or credentials file in place, keeping what {@code change} leaves alone. */
    private static void update(Path file, java.util.function.Consumer<ObjectNode> change) {
        try {
            ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(Files.readString(file));
            change.accept(doc);
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The queries as the files hold them: one list, each query with the role it is for. */
    public static ArrayNode searchQueriesNode(Map<BenchTargets.Role, List<SearchQuery>> queries) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        queries.forEach((role, list) -> list.forEach(q ->
                array.addObject().put("as", role.key()).put("kind", q.kind().cliName()).put("query", q.query())));
        return array;
    }

    /** Adds (or replaces) the search queries in an existing targets or credentials file, keeping the rest. */
    public static void remember(Path file, Map<BenchTargets.Role, List<SearchQuery>> queries) {
        update(file, doc -> doc.set("searchQueries", searchQueriesNode(queries)));
    }

    /** The file {@code parley bench seed} writes. */
    private static BenchTargets parseSeeded(JsonNode doc) {
        Map<BenchTargets.Role, String> tokens = new EnumMap<>(BenchTargets.Role.class);
        JsonNode users = doc.path("users");
        tokens.put(BenchTargets.Role.of("customer"), users.path("biggestCustomerMember").path("token").asText());
        tokens.put(BenchTargets.Role.of("customerMedian"), users.path("medianCustomerMember").path("token").asText());
        tokens.put(BenchTargets.Role.of("employee"), users.path("employee").path("token").asText());
        List<String> ids = new ArrayList<>();
        for (JsonNode c : doc.path("conversations")) {
            if ("biggest".equals(c.path("customer").asText())) { // visible to the customer token
                ids.add(c.path("conversationId").asText());
            }
        }
        JsonNode search = doc.path("search");
        return new BenchTargets(ids, tokens, search.path("word").asText(), search.path("phrase").asText(),
                searchQueries(doc), writeIds(doc));
    }

    public static void write(BenchTargets targets, Path file) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        ObjectNode tokens = doc.putObject("tokens");
        targets.tokens().forEach((role, token) -> tokens.put(role.key(), token));
        targets.conversationIds().forEach(doc.putArray("conversationIds")::add);
        doc.put("searchWord", targets.searchWord()).put("searchPhrase", targets.searchPhrase());
        if (targets.hasSearchQueries()) {
            doc.set("searchQueries", searchQueriesNode(targets.searchQueries()));
        }
        if (!targets.writeIds().isEmpty()) {
            targets.writeIds().forEach(doc.putArray("writeConversationIds")::add);
        }
        try {
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
