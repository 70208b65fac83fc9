package org.connectome.export;

import java.io.IOException;
import java.util.List;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.connectome.model.EdgeTable;
import org.connectome.output.ChannelOutput;
import org.connectome.parquet.ColumnValues;

/**
 * The recurrent table streamed in its (post, pre) order, batch by batch, checked as it goes: posts ascending and
 * in range, pres in range, exactly the rows connectome.json counts. It also reports where each post neuron's rows
 * start, the row pointer both exports are made of.
 */
final class RecurrentRows implements AutoCloseable {
    static final int BATCH_ROWS = 1 << 16;

    /** Told, in node order, the first row of every node 0 .. N (node N: the row count, the end). */
    interface NodeStarts {
        void start(long node, long row) throws IOException;
    }

    private final TableColumns table;
    private final long neurons;
    private final long expectedRows;
    private final Hdf5File.DataType weightType;
    private final Hdf5File.DataType delayType;
    private long rows;
    private long nextNode;
    private int lastPost = -1;

    private RecurrentRows(TableColumns table, long neurons, long expectedRows) throws IOException {
        this.table = table;
        this.neurons = neurons;
        this.expectedRows = expectedRows;
        for (String id : List.of("post", "pre")) {
            if (expectedRows > 0 && table.type(id) != PrimitiveTypeName.INT32) {
                throw new IOException("recurrent." + id + " is " + table.type(id) + ", not INT32");
            }
        }
        this.weightType = valueType(table, "weight", expectedRows);
        this.delayType = table.has("delay") ? valueType(table, "delay", expectedRows) : null;
    }

    static RecurrentRows open(ExportInput input) throws IOException {
        TableColumns table = TableColumns.open(input.conf(), input.table(EdgeTable.RECURRENT),
                List.of("post", "pre", "weight"), List.of("delay"), BATCH_ROWS);
        return new RecurrentRows(table, input.neurons(), input.synapses());
    }

    /** FLOAT32 or FLOAT64, as the column is stored (FLOAT64 for an empty table). */
    static Hdf5File.DataType valueType(TableColumns table, String column, long rows) throws IOException {
        if (rows == 0) {
            return Hdf5File.DataType.FLOAT64;
        }
        return switch (table.type(column)) {
            case DOUBLE -> Hdf5File.DataType.FLOAT64;
            case FLOAT -> Hdf5File.DataType.FLOAT32;
            default -> throw new IOException("column " + column + " is " + table.type(column)
                    + ", neither DOUBLE nor FLOAT");
        };
    }

    Hdf5File.DataType weightType() {
        return weightType;
    }

    /** The delay column's type; null when the table has no delays. */
    Hdf5File.DataType delayType() {
        return delayType;
    }

    int[] posts() {
        return table.column("post").ints;
    }

    int[] pres() {
        return table.column("pre").ints;
    }

    ColumnValues weights() {
        return table.column("weight");
    }

    ColumnValues delays() {
        return table.column("delay");
    }

    /** The next batch (0 rows at the end), having told {@code starts} of every node that begins in it. */
    int next(NodeStarts starts) throws IOException {
        int count = table.next();
        if (count == 0) {
            if (rows != expectedRows) {
                throw new IOException("the recurrent table has " + rows + " rows; connectome.json says "
                        + expectedRows);
            }
            while (nextNode <= neurons) {
                starts.start(nextNode++, rows);
            }
            return 0;
        }
        if (rows + count > expectedRows) {
            throw new IOException("the recurrent table has more rows than connectome.json's " + expectedRows);
        }
        int[] posts = posts();
        int[] pres = pres();
        // Every row checked in one pass without branches: a pre or post outside 0 .. N-1 makes it or N-1 minus it
        // negative, and a post below the one before it (in this batch or the last) makes their difference
        // negative. Only then are the rows searched for the first bad one. The posts are then known to ascend, so
        // each post's first row is found by a search, not by a compare on every row.
        int lastNeuron = (int) Math.min(neurons - 1, Integer.MAX_VALUE);
        int previous = posts[0];
        int outside = (previous - Math.max(lastPost, 0)) | previous | (lastNeuron - previous) | pres[0]
                | (lastNeuron - pres[0]);
        for (int i = 1; i < count; i++) {
            int post = posts[i];
            outside |= pres[i] | (lastNeuron - pres[i]) | post | (lastNeuron - post) | (post - previous);
            previous = post;
        }
        if (outside < 0) {
            throw firstBadRow(posts, pres, count, lastNeuron);
        }
        for (int i = 0; i < count; i = firstAbove(posts, i + 1, count, posts[i])) {
            int post = posts[i];
            if (post != lastPost) {
                lastPost = post;
                while (nextNode <= post) {
                    starts.start(nextNode++, rows + i);
                }
            }
        }
        rows += count;
        return count;
    }

    /** The first bad row of a batch that failed the check of {@link #next}: a pre or post out of range or order. */
    private IOException firstBadRow(int[] posts, int[] pres, int count, int lastNeuron) {
        int previous = lastPost;
        for (int i = 0; i < count; i++) {
            if (pres[i] < 0 || pres[i] > lastNeuron) {
                return new IOException("recurrent row " + (rows + i) + ": pre " + pres[i] + " is not a neuron");
            }
            if (posts[i] < 0 || posts[i] > lastNeuron) {
                return new IOException("recurrent row " + (rows + i) + ": post " + posts[i] + " is not a neuron");
            }
            if (posts[i] < previous) {
                return new IOException("recurrent row " + (rows + i) + ": post " + posts[i] + " after " + previous
                        + " (the table is not sorted by post)");
            }
            previous = posts[i];
        }
        return new IOException("recurrent rows " + rows + " .. " + (rows + count - 1) + " failed their check");
    }

    /** The first index of {@code [from, to)} whose value exceeds {@code value}, in ascending {@code values}. */
    static int firstAbove(int[] values, int from, int to, int value) {
        // Galloping, then bisection: O(log run) for a post's run of rows, about 2 probes for runs of one.
        int low = from;
        int step = 1;
        while (low < to && values[low] <= value) {
            low += step;
            step <<= 1;
        }
        int high = Math.min(low, to);
        low = Math.max(from, low - (step >>> 1));
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (values[middle] <= value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** Writes a float or double column's values in their own type. */
    static void putValues(ChannelOutput out, ColumnValues column, int count) throws IOException {
        if (column.type == PrimitiveTypeName.FLOAT) {
            out.putFloats(column.floats, 0, count);
        } else {
            out.putDoubles(column.doubles, 0, count);
        }
    }

    @Override
    public void close() throws IOException {
        table.close();
    }
}
