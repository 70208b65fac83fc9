package org.connectome.stats;

import org.apache.spark.SparkThrowable;
import org.connectome.model.InvalidParameterException;

/** Turns the errors of a user's SQL into one-line user errors; leaves everything else alone. */
public final class SqlErrors {
    private SqlErrors() {
    }

    /**
     * The user error a failure of a query amounts to, or null if it is not the query's fault. The query's
     * fault: a parse or analysis error (SQLSTATE class 42: syntax, unknown table or column, type mismatch)
     * or a data error at run time (class 22: division by zero, a failed cast), anywhere in the cause chain.
     */
    public static InvalidParameterException userError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidParameterException user) {
                return user;
            }
            if (cause instanceof SparkThrowable spark) {
                String state = spark.getSqlState();
                if (state != null && (state.startsWith("42") || state.startsWith("22"))) {
                    return new InvalidParameterException(oneLine(cause.getMessage()));
                }
            }
        }
        return null;
    }

    /** The first non-blank line of a message (Spark's parse errors start with a newline). */
    public static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        for (String line : message.split("\n")) {
            if (!line.isBlank()) {
                return line.trim();
            }
        }
        return "";
    }
}
