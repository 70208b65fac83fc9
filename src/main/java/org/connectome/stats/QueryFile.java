package org.connectome.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.connectome.model.InvalidParameterException;

/**
 * A file of named SQL queries, the form of {@code docs/queries.sql}: each query follows a line
 * {@code -- name: NAME}; the comment lines after it describe the query, and the query runs to the next name
 * line or the end of the file. A trailing semicolon is dropped.
 */
public final class QueryFile {
    private static final String NAME_PREFIX = "-- name:";

    /**
     * @param name        the name of the query
     * @param description its comment lines, without the dashes
     * @param sql         the statement, without a trailing semicolon
     */
    public record Query(String name, String description, String sql) {
    }

    private QueryFile() {
    }

    /** The queries of the text in file order; a file without any name line is a user error. */
    public static Map<String, Query> parse(String text, String source) {
        Map<String, Query> queries = new LinkedHashMap<>();
        String name = null;
        List<String> description = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        for (String line : (text + "\n" + NAME_PREFIX).split("\r?\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith(NAME_PREFIX)) {
                if (name != null) {
                    add(queries, new Query(name, String.join(" ", description), statement(sql)), source);
                }
                name = trimmed.substring(NAME_PREFIX.length()).trim();
                description.clear();
                sql.setLength(0);
            } else if (name != null) {
                if (sql.length() == 0 && trimmed.startsWith("--")) {
                    description.add(trimmed.substring(2).trim());
                } else if (sql.length() > 0 || !trimmed.isEmpty()) {
                    sql.append(line).append('\n');
                }
            }
        }
        if (queries.isEmpty()) {
            throw new InvalidParameterException(source + " holds no query: each query must follow a line '"
                    + NAME_PREFIX + " NAME'");
        }
        return queries;
    }

    private static void add(Map<String, Query> queries, Query query, String source) {
        if (query.name().isEmpty() || query.sql().isEmpty()) {
            throw new InvalidParameterException(source + ": the query '" + query.name() + "' has "
                    + (query.name().isEmpty() ? "no name" : "no statement"));
        }
        if (queries.put(query.name(), query) != null) {
            throw new InvalidParameterException(source + ": two queries are named '" + query.name() + "'");
        }
    }

    /** The statement without trailing blank lines, comments-only tail or semicolon. */
    private static String statement(StringBuilder sql) {
        String text = sql.toString().strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text;
    }
}
