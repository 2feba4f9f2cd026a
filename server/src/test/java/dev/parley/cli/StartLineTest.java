package dev.parley.cli;

import dev.parley.ParleyConfig;
import dev.parley.testing.CliCapture;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start line of {@code parley serve}: version, engine, store (database passwords masked in
 * both the {@code password=} and {@code user:password@} forms), blob store and URL; and a bad
 * {@code --log-format} (tried: xml, an empty value) is refused before anything starts.
 */
class StartLineTest {

    @Test
    void sqliteStoreNamesItsFileAndBlobDirectory() {
        Path data = Path.of("/srv/parley-data");
        ParleyConfig config = ParleyConfig.builder().dataDir(data).build();
        String line = StartLine.summary(config, "http://127.0.0.1:8080");
        assertThat(line).startsWith("parley ").contains("SQLite /srv/parley-data/parley.db")
                .contains("blobs in /srv/parley-data/blobs").endsWith("http://127.0.0.1:8080");
    }

    @Test
    void postgresqlUrlIsShownWithoutItsPassword() {
        ParleyConfig config = ParleyConfig.builder()
                .databaseUrl("jdbc:postgresql://db.internal:5432/parley?user=parley&password=hunter2&ssl=true")
                .files(dev.parley.file.FileSettings.defaults().withBlobStore("database")).build();
        String line = StartLine.summary(config, "http://[::1]:9000");
        assertThat(line).contains("PostgreSQL jdbc:postgresql://db.internal:5432/parley?user=parley&password=***&ssl=true")
                .contains("blobs in the database").doesNotContain("hunter2").endsWith("http://[::1]:9000");
    }

    @Test
    void everyPasswordFormIsMasked() {
        assertThat(StartLine.masked("jdbc:postgresql://parley:s3cret@db:5432/parley"))
                .isEqualTo("jdbc:postgresql://parley:***@db:5432/parley");
        assertThat(StartLine.masked("jdbc:postgresql://db/parley?password=s3cret"))
                .isEqualTo("jdbc:postgresql://db/parley?password=***");
        assertThat(StartLine.masked("jdbc:postgresql://db/parley?user=a&PASSWORD=s3cret&x=1"))
                .isEqualTo("jdbc:postgresql://db/parley?user=a&PASSWORD=***&x=1");
        assertThat(StartLine.masked("jdbc:postgresql://u:p%40ss@db/parley?password=two"))
                .doesNotContain("p%40ss").doesNotContain("two");
        assertThat(StartLine.masked("jdbc:postgresql://db/parley?user=a")).isEqualTo("jdbc:postgresql://db/parley?user=a");
    }

    @Test
    void unknownLogFormatIsRefused() {
        for (String format : new String[]{"xml", ""}) {
            CliCapture.Result result = CliCapture.run(List.of("serve", "--log-format", format, "--port", "0"));
            assertThat(result.exitCode()).as(format).isNotZero();
            assertThat(result.err()).as(format).contains("--log-format");
        }
    }
}
