package org.connectome.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.connectome.SparkTestBase;
import org.connectome.kernel.Slice;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SPEC 3: the rows of every table are a pure function of the parameters and the seed. */
class ReproducibilityTest extends SparkTestBase {
    private static final ConnectomeModel MODEL = ConnectomeModel.withProbability(1500, 0.02, 0.8, 0.5, 1.0, 3, 2,
            AutapsePolicy.REPAIR, Topology.RANDOM, 20261125L);

    private static List<Row> read(ConnectomeModel model, EdgeTable table, int partitions, long blockRows) {
        Map<String, String> options = new SourceOptions(model, table, partitions, blockRows, 1 << 24).toMap();
        return spark.read().format("connectome").options(options).load().collectAsList();
    }

    @ParameterizedTest
    @EnumSource(EdgeTable.class)
    void sameRowsForAnyPartitioningAndBlockSize(EdgeTable table) {
        List<Row> reference = read(MODEL, table, 1, Slice.DEFAULT_BLOCK_ROWS);
        assertEquals(MODEL.rowCount(table), reference.size());
        // 3 and 8 partitions of 512-row blocks, and 8 partitions of blocks of 37 rows.
        assertEquals(reference, read(MODEL, table, 3, 512));
        assertEquals(reference, read(MODEL, table, 8, 512));
        assertEquals(reference, read(MODEL, table, 8, 37));
    }

    @Test
    void anotherSeedGivesOtherRows() {
        for (EdgeTable table : List.of(EdgeTable.RECURRENT, EdgeTable.INPUT, EdgeTable.OUTPUT)) {
            List<Row> rows = read(MODEL, table, 2, 1000);
            List<Row> other = read(MODEL.withSeed(MODEL.seed() + 1), table, 2, 1000);
            assertEquals(rows.size(), other.size());
            assertNotEquals(rows, other, table.tableName());
        }
    }
}
