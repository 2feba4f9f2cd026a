package dev.parley.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code parley admin}: set up an installation without the demo. */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Administer users, customers, projects, tokens, categories, preferences and webhooks; migrate the schema.",
        subcommands = {AdminUserCommand.class, AdminCustomerCommand.class, AdminProjectCommand.class,
                AdminTokenCommand.class, AdminCategoryCommand.class, AdminPreferencesCommand.class,
                AdminMigrateCommand.class, AdminExportCommand.class, AdminImportCommand.class,
                AdminBackupCommand.class, AdminReindexCommand.class, AdminWebhookCommand.class})
public final class AdminCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
