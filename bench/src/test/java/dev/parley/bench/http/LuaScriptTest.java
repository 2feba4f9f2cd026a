package dev.parley.bench.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LuaScriptTest {
    @Test
    void aScenariosScriptCarriesTokenPathsAndBodies() {
        String lua = LuaScript.generate("mixed", Credential.token("secret-token"),
                Scenario.MIXED.requests(ScenarioTest.TARGETS).subList(0, 10));
        assertThat(lua).contains("local credentialHeader = \"X-Access-Token\"").contains("local credential = \"secret-token\"");
        assertThat(lua).contains("{\"GET\", \"/v2/conversations/c0\"},");
        assertThat(lua).contains("{\"POST\", \"/v2/conversations/c9/messages\", \"{\\034messageContent\\034:");
        assertThat(lua).contains("local plain = {[credentialHeader] = credential}")
                .contains("{[credentialHeader] = credential, [\"Content-Type\"] = \"application/json\"}");
    }

    @Test
    void aPageScenarioSendsTheSessionCookieAndNoToken() {
        String lua = LuaScript.generate("page-queue", Credential.sessionCookie("s3ss10n"),
                Scenario.PAGE_QUEUE.requests(ScenarioTest.TARGETS));
        assertThat(lua).contains("local credentialHeader = \"Cookie\"")
                .contains("local credential = \"parley_session=s3ss10n\"")
                .contains("{\"GET\", \"/queue\"},")
                .doesNotContain("X-Access-Token");
    }

    @Test
    void theDoneHookPrintsTheMarkedJsonWithTheNinetyNinePointNinthPercentile() {
        String lua = LuaScript.generate("list-staff", Credential.token("t"), List.of(Request.get("/v2/conversations")));
        assertThat(lua).contains("function done(summary, latency, requests)")
                .contains("\"PARLEY_WRK \"")
                .contains("latency:percentile(99.9)")
                .contains("e.connect, e.read, e.write, e.status, e.timeout");
        assertThat(lua).contains("function setup(thread)").contains("function request()");
    }

    @Test
    void stringsCannotBreakOutOfTheirLiteral() {
        assertThat(LuaScript.quote("a\"b\\c\nd")).isEqualTo("\"a\\034b\\092c\\010d\"");
        assertThat(LuaScript.quote("ä")).isEqualTo("\"\\195\\164\"");
    }
}
