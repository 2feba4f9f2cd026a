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
                .contains("default_type text/html;\n").contains("charset utf-8;").doesNotContain("application/json")
                .doesNotContain("default_type text/html; charset");
    }

    /** The configuration nginx itself must accept: a page is served with its bytes and an HTML content type. */
    @Test
    void nginxServesADeskPageWithItsBytes() throws Exception {
        String nginx = java.nio.file.Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : null;
        org.junit.jupiter.api.Assumptions.assumeTrue(nginx != null, "nginx is not installed (apt-get install -y nginx-light)");
        byte[] page = "<!doctype html><title>Queue</title>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (NginxCeiling ceiling = NginxCeiling.start(nginx, page, null, "text/html; charset=utf-8")) {
            java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(ceiling.baseUrl() + "/queue")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(page);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        }
    }
}
