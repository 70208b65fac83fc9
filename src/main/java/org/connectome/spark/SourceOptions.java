package org.connectome.spark;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.InvalidParameterException;
import org.connectome.model.ModelOptions;
import org.connectome.model.WeightType;

/**
 * The options of the {@code connectome} data source: the model's ({@link ModelOptions}), the table to read,
 * and how the work is cut (which never changes the rows).
 *
 * @param model         the connectome
 * @param table         {@code table}: recurrent (default), input, output or neurons
 * @param partitions    {@code partitions}: Spark partitions, or 0 for one per {@code partitionRows} rows
 * @param blockRows     {@code block-rows}: rows of a block, the unit partitions are made of
 * @param partitionRows {@code partition-rows}: rows of a partition when {@code partitions} is not given
 * @param weightType    {@code weight-type}: double (default) or float weights of the recurrent table
 */
public record SourceOptions(ConnectomeModel model, EdgeTable table, int partitions, long blockRows,
        long partitionRows, WeightType weightType) implements Serializable {
    public static final String TABLE = "table";
    public static final String PARTITIONS = "partitions";
    public static final String BLOCK_ROWS = "block-rows";
    public static final String PARTITION_ROWS = "partition-rows";

    /** Options of double weights. */
    public SourceOptions(ConnectomeModel model, EdgeTable table, int partitions, long blockRows, long partitionRows) {
        this(model, table, partitions, blockRows, partitionRows, WeightType.DOUBLE);
    }

    public SourceOptions {
        if (partitions < 0) {
            throw new InvalidParameterException("partitions must not be negative (got " + partitions + ")");
        }
        if (blockRows < 1 || partitionRows < 1) {
            throw new InvalidParameterException("block-rows and partition-rows must be positive");
        }
    }

    public static SourceOptions parse(Map<String, String> options) {
        Map<String, String> lower = new java.util.HashMap<>();
        options.forEach((key, value) -> lower.put(key.toLowerCase(Locale.ROOT), value));
        Properties defaults = ModelOptions.defaults();
        ConnectomeModel model = ModelOptions.parse(lower);
        EdgeTable table = EdgeTable.parse(lower.getOrDefault(TABLE, "recurrent"));
        long partitions = ModelOptions.parseCount(PARTITIONS, lower.getOrDefault(PARTITIONS, "0"));
        if (partitions > 1_000_000) {
            throw new InvalidParameterException("partitions must be at most 1000000 (got " + partitions + ")");
        }
        long blockRows = ModelOptions.parseCount(BLOCK_ROWS,
                lower.getOrDefault(BLOCK_ROWS, defaults.getProperty(BLOCK_ROWS)));
        long partitionRows = ModelOptions.parseCount(PARTITION_ROWS,
                lower.getOrDefault(PARTITION_ROWS, defaults.getProperty(PARTITION_ROWS)));
        return new SourceOptions(model, table, (int) partitions, blockRows, partitionRows,
                ModelOptions.weightType(lower));
    }

    /** The options of the same source reading another table. */
    public SourceOptions withTable(EdgeTable other) {
        return new SourceOptions(model, other, partitions, blockRows, partitionRows, weightType);
    }

    /** Options for {@code spark.read.format("connectome").options(...)} that parse back to this. */
    public Map<String, String> toMap() {
        Map<String, String> map = new java.util.LinkedHashMap<>(ModelOptions.of(model));
        map.put(TABLE, table.tableName());
        map.put(PARTITIONS, Integer.toString(partitions));
        map.put(BLOCK_ROWS, Long.toString(blockRows));
        map.put(PARTITION_ROWS, Long.toString(partitionRows));
        map.put(ModelOptions.WEIGHT_TYPE, weightType.cliName());
        return map;
    }
}
