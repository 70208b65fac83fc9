package org.connectome.stats;

import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.connectome.model.EdgeTable;
import org.connectome.model.InvalidParameterException;
import org.connectome.output.Manifest;
import org.connectome.output.OutputLocation;

/**
 * A written connectome opened for SQL: its manifest, and its four tables registered as the temporary views
 * {@code recurrent}, {@code input}, {@code output} and {@code neurons} of a session of their own (a
 * {@link SparkSession#newSession() new session} of the same Spark context, so the views never replace a
 * caller's).
 *
 * @param path     the connectome's directory, any Hadoop URI
 * @param manifest its {@code connectome.json}
 * @param session  the session the views are registered in
 */
public record ConnectomeTables(String path, Manifest manifest, SparkSession session) {

    /**
     * Opens the connectome at {@code path}; a missing manifest (an incomplete or foreign directory), a missing
     * table or one without the columns of SPEC 4 is a user error.
     */
    public static ConnectomeTables open(SparkSession spark, String path) {
        Manifest manifest = Manifest.read(path, spark.sparkContext().hadoopConfiguration());
        SparkSession session = spark.newSession();
        for (EdgeTable table : EdgeTable.values()) {
            String tablePath = OutputLocation.tablePath(path, table);
            Dataset<Row> frame;
            try {
                frame = session.read().parquet(tablePath);
            } catch (Exception e) { // Scala's AnalysisException is checked in Java and thrown undeclared
                throw new InvalidParameterException(path + " is not a complete connectome: cannot read its "
                        + table.tableName() + " table: " + SqlErrors.oneLine(e.getMessage()));
            }
            for (String column : requiredColumns(table)) {
                if (!java.util.Arrays.asList(frame.columns()).contains(column)) {
                    throw new InvalidParameterException(path + " is not a connectome: its " + table.tableName()
                            + " table has columns " + String.join(", ", frame.columns()) + ", not "
                            + String.join(", ", requiredColumns(table)));
                }
            }
            frame.createOrReplaceTempView(table.tableName());
        }
        return new ConnectomeTables(path, manifest, session);
    }

    public Dataset<Row> table(EdgeTable table) {
        return session.table(table.tableName());
    }

    /** Each table's columns as {@code name:type}, e.g. {@code post:int, pre:int, weight:double}. */
    public Map<EdgeTable, String> schemas() {
        Map<EdgeTable, String> schemas = new EnumMap<>(EdgeTable.class);
        for (EdgeTable table : EdgeTable.values()) {
            StringBuilder text = new StringBuilder();
            for (StructField field : table(table).schema().fields()) {
                text.append(text.length() == 0 ? "" : ", ").append(field.name()).append(':')
                        .append(field.dataType().simpleString());
            }
            schemas.put(table, text.toString());
        }
        return schemas;
    }

    static String[] requiredColumns(EdgeTable table) {
        return table == EdgeTable.NEURONS ? new String[] {"id", "population"}
                : new String[] {table.firstColumn(), table.secondColumn(), "weight"};
    }
}
