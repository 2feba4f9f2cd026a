package dev.parley.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code parley admin}: set up an installation without the demo. */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Administer users, customers, projects, tokens, categories, preferences and webhooks; migrate the schema.",
                "Every command takes --json: its result as JSON for scripts."},
        subcommands = {AdminUserCommand.class, AdminCustomerCommand.class, AdminProjectCommand.class,
                AdminTokenCommand.class, AdminCategoryCommand.class, AdminPreferencesCommand.class,
                AdminMigrateCommand.class, AdminExportCommand.class, AdminImportCommand.class,
                AdminBackupCommand.class, AdminReindexCommand.class, AdminWebhookCommand.class})
public final class AdminCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No subcommand: a usage error (the usage on stderr, exit code 2). */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing admin command");
    }
}
