package dev.parley.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code parley}: the command line. */
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Parley: a self-hosted support desk speaking mittwald's conversation API v2.",
        subcommands = {ServeCommand.class, AdminCommand.class, BenchCommand.class},
        footer = {"", "Run parley COMMAND --help for a command's options; admin commands take --json for scripts."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        if (args.length > 0 && "serve".equals(args[0])) {
            // serve is started far more often than anything else, and building every admin command's
            // options from their annotations is a third of a second of a start: serve's alone
            return configured(new CommandLine(new ServeCommand()).setCommandName("parley serve"))
                    .execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return commandLine().execute(args);
    }

    /** The whole command tree, configured as {@link #run} uses it (help with environment variables, failures in one line). */
    public static CommandLine commandLine() {
        return configured(new CommandLine(new Main()));
    }

    private static CommandLine configured(CommandLine cli) {
        cli.setHelpFactory(new EnvironmentHelp());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("parley: " + FailureMessages.of(e));
            return 1;
        });
        cli.setParameterExceptionHandler(Main::usageError);
        return cli;
    }

    /**
     * A bad command line (unknown option, a value that is no number, a missing one): one line naming
     * it and where the options are described, exit code 2. A command that only groups others (parley,
     * parley admin) shows its usage instead, which lists them.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        err.println("parley: " + e.getMessage());
        if (!cmd.getSubcommands().isEmpty()) {
            cmd.usage(err);
        } else {
            err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for its options.");
        }
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** No command: a usage error (the usage on stderr, exit code 2), not a silent success. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: serve, admin or bench");
    }
}
