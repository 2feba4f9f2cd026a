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

    /** The engine of the database a handle belongs to (defined on every Jdbi by {@link Database}). */
    public static Engine of(org.jdbi.v3.core.Handle h) {
        Engine engine = (Engine) h.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).getAttribute(ATTRIBUTE);
        if (engine != null) {
            return engine;
        }
        // a handle opened outside Database (an import's, a migration's): the connection says
        try {
            return h.getConnection().getMetaData().getURL().startsWith("jdbc:sqlite:") ? SQLITE : POSTGRESQL;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot tell the database engine of a connection", e);
        }
    }

    static final String ATTRIBUTE = "parley.engine";

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
