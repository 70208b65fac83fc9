package org.connectome.kernel;

/**
 * The rows of one slice of an edge table, in sort order, handed out in chunks of columns: the shape Spark's
 * columnar batches and the Parquet column writers are filled from, with no per-row object.
 *
 * <p>Every table carries two int id columns and a weight, made in double precision (a FLOAT table rounds
 * them when it writes); a table of a model with delays also carries a delay column.
 */
public interface EdgeStream {
    /**
     * Writes up to {@code capacity} next rows into the columns from index 0; {@code delay} is written only when
     * {@link #hasDelay()}, and may be null otherwise.
     *
     * @return the rows written; 0 once the slice is exhausted
     */
    int fill(int[] first, int[] second, double[] weight, double[] delay, int capacity);

    /** {@link #fill(int[], int[], double[], double[], int)} of a stream without delays. */
    default int fill(int[] first, int[] second, double[] weight, int capacity) {
        return fill(first, second, weight, null, capacity);
    }

    /** Whether the rows carry a delay column. */
    default boolean hasDelay() {
        return false;
    }
}
