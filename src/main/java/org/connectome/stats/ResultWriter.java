package org.connectome.stats;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Prints query results: an aligned text table for people, CSV (RFC 4180, header first) and JSON Lines (one
 * object per row) for programs. Values print exactly (doubles as Java's shortest round-trip form); NULL
 * prints as {@code NULL} in tables, an empty field in CSV and {@code null} in JSON.
 */
public final class ResultWriter {
    private ResultWriter() {
    }

    /** A column-aligned table: numbers right-aligned, text left-aligned, a rule under the header. */
    public static void table(StructType schema, List<Row> rows, PrintWriter out) {
        StructField[] fields = schema.fields();
        int columns = fields.length;
        List<String[]> cells = new ArrayList<>(rows.size());
        int[] widths = new int[columns];
        boolean[] right = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = fields[c].name().length();
            right[c] = fields[c].dataType() instanceof NumericType;
        }
        for (Row row : rows) {
            String[] line = new String[columns];
            for (int c = 0; c < columns; c++) {
                line[c] = row.isNullAt(c) ? "NULL" : text(row.get(c), fields[c].dataType());
                widths[c] = Math.max(widths[c], line[c].length());
            }
            cells.add(line);
        }
        String[] header = new String[columns];
        String[] rule = new String[columns];
        for (int c = 0; c < columns; c++) {
            header[c] = fields[c].name();
            rule[c] = "-".repeat(widths[c]);
        }
        out.println(join(header, widths, right));
        out.println(join(rule, widths, right));
        for (String[] line : cells) {
            out.println(join(line, widths, right));
        }
    }

    /** CSV with a header; fields quoted when they hold a comma, a quote or a line break. */
    public static void csv(StructType schema, Iterator<Row> rows, long limit, PrintWriter out) {
        StructField[] fields = schema.fields();
        String[] header = new String[fields.length];
        for (int c = 0; c < fields.length; c++) {
            header[c] = csvField(fields[c].name());
        }
        out.println(String.join(",", header));
        for (long written = 0; written < limit && rows.hasNext(); written++) {
            Row row = rows.next();
            String[] line = new String[fields.length];
            for (int c = 0; c < fields.length; c++) {
                line[c] = row.isNullAt(c) ? "" : csvField(text(row.get(c), fields[c].dataType()));
            }
            out.println(String.join(",", line));
        }
    }

    /** JSON Lines: each row as one object, by Spark's {@link Row#json()} (nulls written as null). */
    public static void jsonLines(Iterator<Row> rows, long limit, PrintWriter out) {
        for (long written = 0; written < limit && rows.hasNext(); written++) {
            out.println(rows.next().json());
        }
    }

    /** A value as text: numbers exactly, nested values readably. */
    static String text(Object value, DataType type) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Double || value instanceof Float) {
            return value.toString();
        }
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof scala.collection.Seq<?> seq) {
            List<String> items = new ArrayList<>();
            for (Object item : CollectionConverters.asJava(seq)) {
                items.add(text(item, null));
            }
            return "[" + String.join(", ", items) + "]";
        }
        if (value instanceof scala.collection.Map<?, ?> map) {
            List<String> items = new ArrayList<>();
            for (Map.Entry<?, ?> entry : CollectionConverters.asJava(map).entrySet()) {
                items.add(text(entry.getKey(), null) + " -> " + text(entry.getValue(), null));
            }
            return "{" + String.join(", ", items) + "}";
        }
        if (value instanceof Row row) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
                items.add(row.isNullAt(i) ? "NULL" : text(row.get(i), null));
            }
            return "{" + String.join(", ", items) + "}";
        }
        if (value instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder("X'");
            for (byte b : bytes) {
                hex.append(String.format(Locale.ROOT, "%02X", b));
            }
            return hex.append('\'').toString();
        }
        return value.toString();
    }

    static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    private static String join(String[] cells, int[] widths, boolean[] right) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                line.append("  ");
            }
            String cell = cells[c];
            String pad = " ".repeat(widths[c] - cell.length());
            boolean last = c == cells.length - 1;
            line.append(right[c] ? pad + cell : last ? cell : cell + pad);
        }
        return line.toString();
    }
}
