package dev.parley.storage;

import java.sql.SQLException;

/** Which database failures are worth running a transaction again for. */
final class Transients {
    private Transients() {
    }

    static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("40001") || state.equals("40P01")) {
                    return true; // serialization failure, deadlock
                }
                // a unique short id drawn at random was taken by a concurrent writer
                if (state.equals("23505") && String.valueOf(sql.getMessage()).contains("short_id")) {
                    return true;
                }
                // two nodes seeding the same default category at first start
                if (state.equals("23505") && String.valueOf(sql.getMessage()).contains("categories_name")) {
                    return true;
                }
            }
        }
        return false;
    }
}
