package org.connectome.kernel;

/**
 * The rows of one slice of an edge table, in sort order, handed out in chunks of columns: the shape Spark's
 * columnar batches are filled from, with no per-row object.
 */
public interface EdgeStream {
    /**
     * Writes up to {@code capacity} next rows into the three columns from index 0.
     *
     * @return the rows written; 0 once the slice is exhausted
     */
    int fill(int[] first, int[] second, double[] weight, int capacity);
}
