package dev.parley.client;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.parley.client.model.Conversation;
import dev.parley.client.model.CreateConversationRequest;
import dev.parley.client.testing.Clients;
import dev.parley.client.testing.TestParley;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Java example, compiled from the README's own text against the SDK and its
 * dependencies only, and run as a user runs it: a separate JVM with MITTWALD_API_TOKEN and
 * MITTWALD_API_BASE_URL in its environment, the conversation id as its argument.
 */
class ReadmeExampleTest {
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.shared();
    }

    static String example() throws Exception {
        Path readme = Paths.get(System.getProperty("parley.readme", "../README.md"));
        String text = Files.readString(readme);
        int section = text.indexOf("## With the Java SDK");
        assertThat(section).as("README has a Java SDK section").isNotNegative();
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(block.find(section)).as("a ```java block in that section").isTrue();
        return block.group(1);
    }

    /** The SDK's classes and its runtime dependencies: what a user's project gets from the artifact. */
    private static String sdkClassPath() throws Exception {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(MittwaldClient.class, ObjectMapper.class, JsonParser.class, JsonAutoDetect.class,
                JavaTimeModule.class)) {
            entries.add(Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path compile(String source, Path out) throws Exception {
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertThat(name.find()).isTrue();
        String className = name.group(1);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        StringWriter diagnostics = new StringWriter();
        boolean ok = compiler.getTask(diagnostics, null, null,
                List.of("-classpath", sdkClassPath(), "-d", out.toString(), "--release", "17"), null, List.of(file)).call();
        assertThat(ok).as("the README example compiles:\n" + diagnostics).isTrue();
        return out.resolve(className + ".class");
    }

    private static String run(Path classes, String className, String conversationId) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", classes + File.pathSeparator + sdkClassPath(),
                className, conversationId));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MITTWALD_API_TOKEN", parley.token("customer-owner"));
        builder.environment().put("MITTWALD_API_BASE_URL", parley.baseUrl());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.strip();
    }

    @Test
    void theReadmeExampleCompilesAndReadsAConversation(@TempDir Path out) throws Exception {
        MittwaldClient owner = Clients.as(parley, "customer-owner", parley.baseUrl());
        String id = owner.conversation().createConversation(CreateConversationRequest.of("Shop answers 502",
                Clients.category(owner, "general").categoryId())).conversationId();
        Conversation conversation = owner.conversation().getConversation(id);

        Path compiled = compile(example(), out);
        String className = compiled.getFileName().toString().replace(".class", "");

        assertThat(run(out, className, id)).isEqualTo(conversation.shortId() + " OPEN: Shop answers 502");
        assertThat(run(out, className, UUID.randomUUID().toString())).startsWith("No such conversation: ");
    }

    @Test
    void theReadmeNamesTheArtifactThisModuleBuilds() throws Exception {
        String readme = Files.readString(Paths.get(System.getProperty("parley.readme", "../README.md")));
        String pom = Files.readString(Paths.get("pom.xml"));
        String parent = Files.readString(Paths.get("../pom.xml"));
        String version = between(parent, "<version>", "</version>");
        String groupId = between(parent, "<groupId>", "</groupId>");
        String artifactId = between(pom.substring(pom.indexOf("</parent>")), "<artifactId>", "</artifactId>");

        assertThat(readme).contains("<groupId>" + groupId + "</groupId>\n  <artifactId>" + artifactId
                + "</artifactId>\n  <version>" + version + "</version>");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from)).strip();
    }
}
