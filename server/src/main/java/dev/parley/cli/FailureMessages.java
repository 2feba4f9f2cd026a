package dev.parley.cli;

import dev.parley.storage.StorageFaults;

/** The one line {@code parley} prints for a command that failed: never a stack trace, never raw SQL. */
final class FailureMessages {
    private FailureMessages() {
    }

    static String of(Throwable e) {
        if (StorageFaults.classify(e) == StorageFaults.Kind.DATABASE_BUSY) {
            return "the database is busy: a lock another process or session holds did not come free within "
                    + "--lock-timeout, or the database cancelled the statement; nothing was changed. "
                    + "Try again once the other process (an import, a DB browser, a long transaction) is done.";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
