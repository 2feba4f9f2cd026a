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
}
