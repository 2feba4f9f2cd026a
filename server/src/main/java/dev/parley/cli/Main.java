package dev.parley.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code parley}: the command line. */
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Parley: a self-hosted support desk speaking mittwald's conversation API v2.",
        subcommands = {ServeCommand.class, AdminCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("parley: " + FailureMessages.of(e));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
