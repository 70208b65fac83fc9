package org.connectome.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;

/** The rows of an edge table read through {@link EdgeStream#fill}, as three growable columns. */
final class EdgeRows {
    int size;
    int[] first = new int[16];
    int[] second = new int[16];
    double[] weight = new double[16];
    double[] delay = new double[16];

    /** Reads {@code stream} to its end, {@code capacity} rows per call; checks fill's own contract on the way. */
    EdgeRows append(EdgeStream stream, int capacity) {
        int[] a = new int[capacity];
        int[] b = new int[capacity];
        double[] w = new double[capacity];
        double[] d = stream.hasDelay() ? new double[capacity] : null;
        while (true) {
            int n = stream.fill(a, b, w, d, capacity);
            assertTrue(n >= 0 && n <= capacity, "fill returned " + n + " for capacity " + capacity);
            if (n == 0) {
                break;
            }
            ensure(size + n);
            System.arraycopy(a, 0, first, size, n);
            System.arraycopy(b, 0, second, size, n);
            System.arraycopy(w, 0, weight, size, n);
            if (d != null) {
                System.arraycopy(d, 0, delay, size, n);
            }
            size += n;
        }
        assertEquals(0, stream.fill(a, b, w, d, capacity), "an exhausted stream must stay exhausted");
        return this;
    }

    /** All rows of {@code table}, slice by slice in plan order. */
    static EdgeRows read(ConnectomeModel model, EdgeTable table, List<Slice> slices, int capacity) {
        EdgeRows rows = new EdgeRows();
        for (Slice slice : slices) {
            rows.append(slice.edges(model, table), capacity);
        }
        return rows;
    }

    /** All rows of {@code table} in one slice. */
    static EdgeRows read(ConnectomeModel model, EdgeTable table, int capacity) {
        return read(model, table, List.of(new Slice(0, Slice.units(model, table))), capacity);
    }

    private void ensure(int capacity) {
        if (capacity > first.length) {
            int n = Math.max(capacity, first.length * 2);
            first = Arrays.copyOf(first, n);
            second = Arrays.copyOf(second, n);
            weight = Arrays.copyOf(weight, n);
            delay = Arrays.copyOf(delay, n);
        }
    }

    /** Rows equal, weights bit for bit. */
    void assertSameAs(EdgeRows other, String what) {
        assertEquals(other.size, size, what + ": row count");
        for (int i = 0; i < size; i++) {
            if (first[i] != other.first[i] || second[i] != other.second[i]
                    || Double.doubleToRawLongBits(weight[i]) != Double.doubleToRawLongBits(other.weight[i])
                    || Double.doubleToRawLongBits(delay[i]) != Double.doubleToRawLongBits(other.delay[i])) {
                throw new AssertionError(what + ": row " + i + " is (" + first[i] + ", " + second[i] + ", "
                        + weight[i] + ") here and (" + other.first[i] + ", " + other.second[i] + ", "
                        + other.weight[i] + ") there");
            }
        }
    }

    /** The linear cell {@code first * columns + second} of each row. */
    long[] cells(long columns) {
        long[] cells = new long[size];
        for (int i = 0; i < size; i++) {
            cells[i] = first[i] * columns + second[i];
        }
        return cells;
    }
}
