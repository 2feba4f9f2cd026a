package dev.parley.storage;

/** The database engines Parley can run on, recognised from the JDBC URL. */
public enum Engine {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String migrationFolder;

    Engine(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    public String migrationFolder() {
        return migrationFolder;
    }

    public static Engine of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported database URL: " + jdbcUrl
                + " (expected jdbc:sqlite:<file> or jdbc:postgresql://…)");
    }
}
