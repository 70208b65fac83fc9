package org.connectome.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.connectome.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A virtual connectome generates only the rows a first-column range filter can match, and the same rows. */
class FilterPushdownTest extends SparkTestBase {
    @BeforeAll
    static void views() {
        for (String table : List.of("recurrent", "input", "output", "neurons")) {
            spark.sql("CREATE OR REPLACE TEMPORARY VIEW v_" + table + " USING connectome OPTIONS (neurons '900',"
                    + " p '0.03', inputs '4', outputs '3', seed '99', partitions '3', table '" + table + "')");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "recurrent, post BETWEEN 100 AND 199, 100 <= first column < 200",
        "recurrent, post = 899, 899 <= first column < 900",
        "recurrent, post > 850 AND pre < 10, 851 <= first column",
        "input, post < 5, first column < 5",
        "output, output >= 2, 2 <= first column",
        "neurons, id <= 9 AND population = 'E', first column < 10"})
    void pushedRangeGeneratesOnlyMatchingRowsAndTheSameOnes(String table, String where, String pushed) {
        Dataset<Row> filtered = spark.sql("SELECT * FROM v_" + table + " WHERE " + where);
        String plan = filtered.queryExecution().executedPlan().toString();
        assertTrue(plan.contains(pushed), "expected the range '" + pushed + "' in the scan: " + plan);
        // The same rows as filtering the whole table, which no pushdown can touch.
        List<Row> all = spark.sql("SELECT * FROM v_" + table).collectAsList();
        spark.createDataFrame(all, filtered.schema()).createOrReplaceTempView("materialized");
        List<Row> expected = spark.sql("SELECT * FROM materialized WHERE " + where).collectAsList();
        List<Row> actual = filtered.collectAsList();
        assertEquals(expected, actual);
        assertTrue(!actual.isEmpty(), "the filter should match rows");
    }
}
