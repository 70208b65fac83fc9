package org.connectome.parquet;

/**
 * A values writer whose page ({@code getBytes()}) is one range of one array, which it can give away with the page in
 * it: {@link FlatPageStore} keeps that array until the row group is written instead of copying the page out of it.
 */
interface PageArrayWriter {
    /** The length the next array must have at least: the current one's. */
    int arrayLength();

    /**
     * Lets go of the array that holds the page of {@code getBytes()} (its new owner reads it) and goes on, empty as
     * after {@code reset()}, in {@code fresh}, at least {@link #arrayLength()} long; its old bytes do not matter.
     */
    void handOver(byte[] fresh);
}
