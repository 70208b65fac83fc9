package org.connectome.model;

import java.util.Locale;

/** The tables of a connectome (SPEC 4), in the order they are written. */
public enum EdgeTable {
    /** {@code post INT, pre INT, weight DOUBLE}, sorted by post, pre. */
    RECURRENT("post", "pre"),
    /** {@code post INT, input INT, weight DOUBLE}, sorted by post, input. */
    INPUT("post", "input"),
    /** {@code output INT, pre INT, weight DOUBLE}, sorted by output, pre. */
    OUTPUT("output", "pre"),
    /** {@code id INT, population STRING}, sorted by id. */
    NEURONS("id", null);

    private final String firstColumn;
    private final String secondColumn;

    EdgeTable(String firstColumn, String secondColumn) {
        this.firstColumn = firstColumn;
        this.secondColumn = secondColumn;
    }

    /** The sub-directory and SQL view name. */
    public String tableName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The sort key's first column: files are ordered by it. */
    public String firstColumn() {
        return firstColumn;
    }

    /** The second id column of an edge table; null for {@link #NEURONS}. */
    public String secondColumn() {
        return secondColumn;
    }

    public static EdgeTable parse(String name) {
        for (EdgeTable table : values()) {
            if (table.tableName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return table;
            }
        }
        throw new InvalidParameterException("unknown table '" + name + "': use recurrent, input, output or neurons");
    }
}
