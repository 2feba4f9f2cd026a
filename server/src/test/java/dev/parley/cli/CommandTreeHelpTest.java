package dev.parley.cli;

import dev.parley.testing.CliCapture;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole picocli command tree, walked: every option and positional parameter of every command
 * explains itself in --help (a description, a named value), every admin command takes --json,
 * and every serve option that reads an environment variable names it. Options added later are
 * covered without touching this test.
 */
class CommandTreeHelpTest {

    /** Calls {@code visit} with every command of the tree and its path ("parley admin user create"). */
    static void walk(CommandLine command, String path, BiConsumer<String, CommandLine> visit) {
        visit.accept(path, command);
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (sub.getValue().getCommandSpec().name().equals(sub.getKey())) { // aliases once
                walk(sub.getValue(), path + " " + sub.getKey(), visit);
            }
        }
    }

    @Test
    void everyOptionAndParameterHasADescriptionAndANamedValue() {
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        walk(Main.commandLine(), "parley", (path, command) -> {
            List<ArgSpec> args = new ArrayList<>(command.getCommandSpec().options());
            args.addAll(command.getCommandSpec().positionalParameters());
            for (ArgSpec arg : args) {
                checked[0]++;
                String name = arg instanceof OptionSpec o ? o.longestName() : "positional " + arg.paramLabel();
                String description = String.join(" ", arg.description()).strip();
                if (description.isEmpty()) {
                    problems.add(path + " " + name + ": no description");
                }
                boolean takesValue = arg.arity().max() > 0;
                if (takesValue && arg.paramLabel().matches("<arg\\d+>")) {
                    problems.add(path + " " + name + ": value shown as " + arg.paramLabel() + " (give it a paramLabel)");
                }
            }
        });
        assertThat(checked[0]).as("options and parameters checked").isGreaterThan(100);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyAdminCommandTakesJson() {
        List<String> missing = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        walk(Main.commandLine().getSubcommands().get("admin"), "parley admin", (path, command) -> {
            if (command.getSubcommands().isEmpty()) {
                leaves.add(path);
                if (command.getCommandSpec().findOption("--json") == null) {
                    missing.add(path);
                }
            }
        });
        assertThat(leaves).contains("parley admin user list", "parley admin token revoke", "parley admin customer rename",
                "parley admin project list-members", "parley admin backup", "parley admin preferences");
        assertThat(missing).isEmpty();
    }

    @Test
    void serveHelpNamesTheEnvironmentVariableOfEveryOptionThatReadsOne() {
        CommandLine serve = Main.commandLine().getSubcommands().get("serve");
        CliCapture.Result help = CliCapture.run(List.of("serve", "--help"));
        assertThat(help.exitCode()).isZero();
        // serve runs on a command line of its own (Main.run): it must still read as part of parley's
        assertThat(help.out()).startsWith("Usage: parley serve ");
        CliCapture.Result version = CliCapture.run(List.of("serve", "--version"));
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("parley ");
        List<String> variables = new ArrayList<>();
        for (OptionSpec option : serve.getCommandSpec().options()) {
            EnvironmentHelp.variable(option).ifPresent(variable -> {
                variables.add(variable);
                assertThat(variable).startsWith("PARLEY_");
                // the option's block in the help: from its name to the next option
                String text = help.out();
                java.util.regex.Matcher line = java.util.regex.Pattern.compile(
                        "(?m)^ +(-\\w, )?" + java.util.regex.Pattern.quote(option.longestName()) + "[= ]").matcher(text);
                assertThat(line.find()).as(option.longestName() + " in the option list of serve --help").isTrue();
                int start = line.end();
                int next = text.indexOf("\n  -", start + 1);
                int nextLong = text.indexOf("\n      --", start + 1);
                int end = Math.min(next < 0 ? text.length() : next, nextLong < 0 ? text.length() : nextLong);
                assertThat(text.substring(start, end)).as("help of " + option.longestName())
                        .contains("(env " + variable + ")");
            });
        }
        assertThat(variables).as("serve options read from the environment")
                .contains("PARLEY_PORT", "PARLEY_HOST", "PARLEY_DATA_DIR", "PARLEY_DATABASE_URL", "PARLEY_SMTP_URL",
                        "PARLEY_BLOB_STORE", "PARLEY_IMAP_URL", "PARLEY_WEBHOOK_RETRY_FOR");
        // an option without one gets no note
        assertThat(help.out()).doesNotContain("(env null)");
        String demo = help.out().substring(help.out().indexOf("--demo "), help.out().indexOf("-h, --help"));
        assertThat(demo).doesNotContain("(env");
    }

    @Test
    void noCommandIsAUsageErrorOnStderr() {
        CliCapture.Result none = CliCapture.run(List.of());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains("Missing command").contains("Usage: parley");
        CliCapture.Result admin = CliCapture.run(List.of("admin"));
        assertThat(admin.exitCode()).isEqualTo(2);
        assertThat(admin.err()).contains("Usage: parley admin");
        CliCapture.Result unknown = CliCapture.run(List.of("frobnicate"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("frobnicate");
    }

    @Test
    void topLevelHelpListsBenchWhichTheLauncherRuns() {
        CliCapture.Result help = CliCapture.run(List.of("--help"));
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("serve").contains("admin").containsPattern("(?m)^\\s+bench\\s+.*\\./parley bench");
        // the server's jar run directly: a pointer to the launcher, not a silent success
        CliCapture.Result bench = CliCapture.run(List.of("bench", "http", "--duration", "5s"));
        assertThat(bench.exitCode()).isEqualTo(1);
        assertThat(bench.err()).contains("./parley bench http --duration 5s");
    }
}
