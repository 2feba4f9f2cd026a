package dev.parley.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (autodetected, see junit-platform.properties): in the
 * PostgreSQL run of the suite, a class is skipped as a whole, before its {@code @BeforeAll}
 * starts any server, when the PostgreSQL server is not reachable; with {@code CI=true} it fails
 * instead. The SQLite run is never affected. {@link TestDatabase#create()} checks again for
 * tests that outlive a server going away.
 */
public final class EngineCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!TestDatabase.isPostgresql() || context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("engine " + TestDatabase.engineName());
        }
        String unreachable = TestDatabase.unreachableReason(); // throws with CI=true
        return unreachable == null
                ? ConditionEvaluationResult.enabled("PostgreSQL reachable")
                : ConditionEvaluationResult.disabled(unreachable);
    }
}
