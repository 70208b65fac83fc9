package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.connectome.SparkTestBase;
import org.connectome.model.EdgeTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Readers beyond Spark, and the {@code connectome} data source from SQL: DuckDB reads the written Parquet
 * with the same counts and sums as Spark, and {@code CREATE TEMPORARY VIEW ... USING connectome} returns
 * exactly the rows {@code generate} wrote.
 */
class InteropTest extends SparkTestBase {
    private static Path net;

    @BeforeAll
    static void generate() {
        net = TestConnectomes.standard();
    }

    /** count, sum of the first id, sum of the second id, sum of weights (ids summed as 64-bit). */
    @Test
    void duckDbReadsTheSameTablesAsSpark() throws SQLException {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement()) {
            for (EdgeTable table : List.of(EdgeTable.RECURRENT, EdgeTable.INPUT, EdgeTable.OUTPUT)) {
                String first = table.firstColumn();
                String second = table.secondColumn();
                String sums = "COUNT(*), SUM(CAST(" + first + " AS BIGINT)), SUM(CAST(" + second + " AS BIGINT)),"
                        + " SUM(weight), MIN(weight), MAX(weight)";
                Row spark = InteropTest.spark.read().parquet(net.resolve(table.tableName()).toString())
                        .selectExpr(sums.split(", (?=[A-Z])")).collectAsList().get(0);
                try (ResultSet duck = statement.executeQuery("SELECT " + sums + " FROM read_parquet('"
                        + net.resolve(table.tableName()) + "/*.parquet')")) {
                    assertTrue(duck.next());
                    String what = table.tableName();
                    assertEquals(spark.getLong(0), duck.getLong(1), what + " count");
                    assertEquals(spark.getLong(1), duck.getLong(2), what + " sum of " + first);
                    assertEquals(spark.getLong(2), duck.getLong(3), what + " sum of " + second);
                    double sum = spark.getDouble(3);
                    assertEquals(sum, duck.getDouble(4), 1e-9 * Math.abs(sum), what + " sum of weights");
                    assertEquals(spark.getDouble(4), duck.getDouble(5), what + " min weight");
                    assertEquals(spark.getDouble(5), duck.getDouble(6), what + " max weight");
                }
            }
            assertEquals(200_000, InteropTest.spark.read().parquet(net.resolve("recurrent").toString()).count());
            try (ResultSet neurons = statement.executeQuery("SELECT population, COUNT(*), MIN(id), MAX(id) FROM"
                    + " read_parquet('" + net.resolve("neurons") + "/*.parquet') GROUP BY population ORDER BY 1")) {
                assertTrue(neurons.next());
                assertEquals("E", neurons.getString(1));
                assertEquals(1600, neurons.getLong(2));
                assertEquals(1599, neurons.getInt(4));
                assertTrue(neurons.next());
                assertEquals("I", neurons.getString(1));
                assertEquals(400, neurons.getLong(2));
                assertEquals(1600, neurons.getInt(3));
            }
            // The file layout DuckDB sees: sorted by post, so its own min/max pruning applies as well.
            try (ResultSet sorted = statement.executeQuery("SELECT COUNT(*) FROM (SELECT post, pre, LAG(post) OVER w"
                    + " AS p0, LAG(pre) OVER w AS q0 FROM read_parquet('" + net.resolve("recurrent")
                    + "/*.parquet', filename = true, file_row_number = true) WINDOW w AS (PARTITION BY filename ORDER BY file_row_number))"
                    + " WHERE post < p0 OR (post = p0 AND pre <= q0)")) {
                assertTrue(sorted.next());
                assertEquals(0, sorted.getLong(1), "rows out of (post, pre) order within a file");
            }
        }
    }

    /** The SQL form of the data source gives exactly the written rows, for every table. */
    @Test
    void aConnectomeViewHasExactlyTheRowsGenerateWrote() {
        SparkSession spark = InteropTest.spark.newSession(); // its views stay out of the shared session
        for (EdgeTable table : EdgeTable.values()) {
            String view = "virtual_" + table.tableName();
            // Model options with a dash are quoted keys; these repeat the defaults generate used.
            spark.sql("CREATE OR REPLACE TEMPORARY VIEW " + view + " USING connectome OPTIONS (neurons '2000',"
                    + " p '0.05', seed '7', inputs '3', outputs '2', 'exc-fraction' '0.8', 'mu-e' '1.0',"
                    + " autapses 'repair', table '" + table.tableName() + "')");
            Dataset<Row> virtual = spark.table(view);
            Dataset<Row> written = spark.read().parquet(net.resolve(table.tableName()).toString());
            assertEquals(List.of(written.schema().fieldNames()), List.of(virtual.schema().fieldNames()));
            // Equal multisets: as many rows, and none of one missing from the other.
            Row counts = virtual.selectExpr("COUNT(*) AS rows").crossJoin(written.selectExpr("COUNT(*) AS rows"))
                    .crossJoin(virtual.exceptAll(written).selectExpr("COUNT(*)"))
                    .collectAsList().get(0);
            assertEquals(counts.getLong(1), counts.getLong(0), table.tableName() + ": rows");
            assertEquals(0, counts.getLong(2), table.tableName() + ": rows only in the view");
        }
        // SQL on the view, without writing anything: the same answer as on the written table.
        double viewSum = spark.sql("SELECT SUM(weight) FROM virtual_recurrent WHERE post BETWEEN 100 AND 199")
                .collectAsList().get(0).getDouble(0);
        double fileSum = spark.read().parquet(net.resolve("recurrent").toString())
                .where("post BETWEEN 100 AND 199").selectExpr("SUM(weight)").collectAsList().get(0).getDouble(0);
        assertEquals(fileSum, viewSum, 1e-9);
    }
}
