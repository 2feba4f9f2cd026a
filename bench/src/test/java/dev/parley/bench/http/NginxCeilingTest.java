package dev.parley.bench.http;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class NginxCeilingTest {
    @Test
    void writesAreAnsweredWithTheCapturedCreatedBody() {
        String conf = NginxCeiling.config(Path.of("/tmp/x"), 4567, true);
        assertThat(conf).contains("listen 127.0.0.1:4567;").contains("root /tmp/x/www;")
                .contains("default_type application/json;").contains("error_page 405 =201 /write.json;")
                .contains("access_log off;");
    }

    @Test
    void readOnlyScenariosNeedNoWriteBody() {
        assertThat(NginxCeiling.config(Path.of("/tmp/x"), 4567, false)).doesNotContain("error_page");
    }

    @Test
    void aDeskPageIsServedAsHtml() {
        assertThat(NginxCeiling.config(Path.of("/tmp/x"), 4567, false, "text/html; charset=utf-8"))
                .contains("default_type text/html; charset=utf-8;").doesNotContain("application/json");
    }
}
