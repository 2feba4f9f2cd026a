package dev.parley.cli;

import picocli.CommandLine;

/** The version printed by {@code parley --version}: the jar's implementation version. */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[]{"parley " + (version == null ? "(development build)" : version)};
    }
}
