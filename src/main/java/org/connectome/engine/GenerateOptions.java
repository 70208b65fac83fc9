package org.connectome.engine;

import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.InvalidParameterException;
import org.connectome.model.WeightType;
import org.connectome.output.DirectIo;

/**
 * What to generate and how the work is cut (which never changes the rows).
 *
 * @param model         the connectome
 * @param weightType    how weights are stored
 * @param partitions    slices per table, or 0 for one per {@code partitionRows} rows, a multiple of the parallelism
 * @param blockRows     rows of a block, the unit slices are made of
 * @param partitionRows rows of a slice when {@code partitions} is 0
 * @param directIo      whether local files are written past the page cache (the same bytes either way)
 */
public record GenerateOptions(ConnectomeModel model, WeightType weightType, int partitions, long blockRows,
        long partitionRows, DirectIo directIo) {
    public static final int MAX_PARTITIONS = 1_000_000;

    /** Direct writes when the output outgrows the page cache ({@link DirectIo#AUTO}). */
    public GenerateOptions(ConnectomeModel model, WeightType weightType, int partitions, long blockRows,
            long partitionRows) {
        this(model, weightType, partitions, blockRows, partitionRows, DirectIo.AUTO);
    }

    public GenerateOptions {
        if (partitions < 0) {
            throw new InvalidParameterException("--partitions must not be negative (got " + partitions + ")");
        }
        if (partitions > MAX_PARTITIONS) {
            throw new InvalidParameterException("--partitions must be at most " + MAX_PARTITIONS + " (got "
                    + partitions + ")");
        }
        if (blockRows < 1 || partitionRows < 1) {
            throw new InvalidParameterException("--block-rows and --partition-rows must be positive");
        }
    }

    /** Slices of a table: as asked, or enough of about partitionRows rows, a multiple of the parallelism. */
    public int slices(EdgeTable table, int parallelism) {
        return sliceCount(model.rowCount(table), partitions, partitionRows, parallelism);
    }

    /** {@link #slices}, for a table of {@code rows} rows. */
    public static int sliceCount(long rows, int partitions, long partitionRows, int parallelism) {
        if (partitions > 0) {
            return partitions;
        }
        long wanted = (rows + partitionRows - 1) / partitionRows;
        long rounded = (wanted + parallelism - 1) / parallelism * parallelism;
        return (int) Math.min(Math.max(rounded, parallelism), MAX_PARTITIONS);
    }
}
