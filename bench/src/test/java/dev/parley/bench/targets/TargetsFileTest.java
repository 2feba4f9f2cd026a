package dev.parley.bench.targets;

import dev.parley.api.Json;
import dev.parley.bench.targets.BenchTargets.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TargetsFileTest {
    /** A seeded store's credentials as written before the search queries and the writers' conversations. */
    private static final String SEEDED_FILE = """
                {"format": "parley-bench-credentials", "version": 1, "seed": 42,
                 "users": {"biggestCustomerMember": {"token": "big"}, "medianCustomerMember": {"token": "median"},
                           "employee": {"token": "staff"}},
                 "conversations": [{"conversationId": "c1", "customer": "biggest"}],
                 "search": {"word": "gateway", "phrase": "bad gateway"}}""";

    @Test
    void readsTokensAsAnObject() {
        BenchTargets t = TargetsFile.parse(Json.tree("""
                {"tokens": {"customer": "a", "customerMedian": "b", "employee": "c"},
                 "conversationIds": ["x", "y"], "searchWord": "gateway", "searchPhrase": "bad gateway"}"""));
        assertThat(t.token(Role.CUSTOMER)).isEqualTo("a");
        assertThat(t.token(Role.CUSTOMER_MEDIAN)).isEqualTo("b");
        assertThat(t.token(Role.EMPLOYEE)).isEqualTo("c");
        assertThat(t.conversationIds()).containsExactly("x", "y");
        assertThat(t.searchPhrase()).isEqualTo("bad gateway");
    }

    @Test
    void readsTokensAsAListOfRoles() {
        BenchTargets t = TargetsFile.parse(Json.tree("""
                {"tokens": [{"role": "customer", "token": "a"}, {"role": "EMPLOYEE", "token": "c"}],
                 "conversationIds": ["x"], "searchWord": "w", "searchPhrase": "p q"}"""));
        assertThat(t.tokens()).containsOnlyKeys(Role.CUSTOMER, Role.EMPLOYEE);
    }

    @Test
    void writtenTargetsReadBack(@TempDir Path dir) {
        BenchTargets t = new BenchTargets(List.of("a", "b"), Map.of(Role.EMPLOYEE, "e"), "w", "p q");
        Path file = dir.resolve(TargetsFile.DEMO);
        TargetsFile.write(t, file);
        assertThat(TargetsFile.read(file)).isEqualTo(t);
    }

    @Test
    void searchQueriesReadBackPerRoleInOrder(@TempDir Path dir) {
        BenchTargets t = new BenchTargets(List.of("a"), Map.of(Role.CUSTOMER, "c", Role.EMPLOYEE, "e"), "w", "p q",
                Map.of(Role.EMPLOYEE, List.of(new SearchQuery(SearchKind.PHRASE, "\"p q\""), new SearchQuery(SearchKind.FREQUENT_PREFIX, "he")),
                        Role.CUSTOMER, List.of(new SearchQuery(SearchKind.EXCLUSION, "a -b"))));
        Path file = dir.resolve(TargetsFile.DEMO);
        TargetsFile.write(t, file);
        BenchTargets back = TargetsFile.read(file);
        assertThat(back).isEqualTo(t);
        assertThat(back.searchQueries(Role.EMPLOYEE)).extracting(SearchQuery::query).containsExactly("\"p q\"", "he");
        assertThat(back.searchQueries(Role.CUSTOMER_MEDIAN)).isEmpty();
    }

    @Test
    void rememberAddsTheQueriesAndKeepsTheRest(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(TargetsFile.SEEDED);
        java.nio.file.Files.writeString(file, SEEDED_FILE);
        assertThat(TargetsFile.read(file).hasSearchQueries()).isFalse();
        TargetsFile.remember(file, Map.of(Role.CUSTOMER, List.of(new SearchQuery(SearchKind.RARE_WORD, "zebra"))));
        BenchTargets t = TargetsFile.read(file);
        assertThat(t.searchQueries(Role.CUSTOMER)).containsExactly(new SearchQuery(SearchKind.RARE_WORD, "zebra"));
        assertThat(t.searchWord()).isEqualTo("gateway");
        assertThat(Json.tree(java.nio.file.Files.readString(file)).get("seed").asInt()).isEqualTo(42);
    }

    /** The writing scenarios' conversations, drawn once from the store, read back from a seeded store's file. */
    @Test
    void rememberedWriteConversationsReadBackAndKeepTheRest(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(TargetsFile.SEEDED);
        java.nio.file.Files.writeString(file, SEEDED_FILE);
        assertThat(TargetsFile.read(file).writeIds()).isEmpty();
        assertThat(TargetsFile.read(file).writeConversations()).containsExactly("c1");
        TargetsFile.rememberWriteIds(file, List.of("w1", "w2", "w3"));
        BenchTargets t = TargetsFile.read(file);
        assertThat(t.writeConversations()).containsExactly("w1", "w2", "w3");
        assertThat(t.conversationIds()).containsExactly("c1");
        assertThat(Json.tree(java.nio.file.Files.readString(file)).get("seed").asInt()).isEqualTo(42);
        // a demo targets file written with them reads them back too
        Path demo = dir.resolve(TargetsFile.DEMO);
        TargetsFile.write(t, demo);
        assertThat(TargetsFile.read(demo)).isEqualTo(t);
    }

    @Test
    void readsTheSeedCredentialsFile() {
        BenchTargets t = TargetsFile.parse(Json.tree("""
                {"format": "parley-bench-credentials", "version": 1,
                 "users": {"biggestCustomerMember": {"token": "big"}, "medianCustomerMember": {"token": "median"},
                           "employee": {"token": "staff"}},
                 "conversations": [{"conversationId": "c1", "customer": "biggest"},
                                   {"conversationId": "c2", "customer": "median"},
                                   {"conversationId": "c3", "customer": "biggest"}],
                 "search": {"word": "gateway", "phrase": "bad gateway"}}"""));
        assertThat(t.tokens().get(BenchTargets.Role.of("customer"))).isEqualTo("big");
        assertThat(t.tokens().get(BenchTargets.Role.of("customerMedian"))).isEqualTo("median");
        assertThat(t.tokens().get(BenchTargets.Role.of("employee"))).isEqualTo("staff");
        assertThat(t.conversationIds()).containsExactly("c1", "c3");
        assertThat(t.searchWord()).isEqualTo("gateway");
        assertThat(t.searchPhrase()).isEqualTo("bad gateway");
    }
}
