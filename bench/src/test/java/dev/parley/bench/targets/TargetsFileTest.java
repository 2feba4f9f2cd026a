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
