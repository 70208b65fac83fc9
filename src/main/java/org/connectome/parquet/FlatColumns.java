package org.connectome.parquet;

import java.io.IOException;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * One row group of a flat table (an edge table or the neurons), written column by column and page by page from
 * batch arrays: each column's values go straight into its values writer (the encodings of
 * {@link SliceWriter#properties}), and a column's data page is handed to the page store ({@link FlatPageStore}) once
 * it reaches the page size, with the lean writers' array itself (a pooled one takes its place). These tables are flat and every column is REQUIRED, so a page needs no repetition or definition levels and
 * holds one value a row; that is what lets this skip parquet-java's per-value column writer (level writers,
 * statistics and size collectors, record bookkeeping), about a third of the writer's CPU, and three quarters of the
 * neurons'. A dictionary-encoded column (the neurons' population names) gets its dictionary page at the end, as
 * parquet-java's column writer gives it. Min/max statistics are kept for the first column only (SPEC 4), and since
 * it is sorted they are the first and last value of each page.
 */
final class FlatColumns {
    private final ValuesWriter[] writers;
    private FlatPageStore pages;
    private final ColumnDescriptor[] descriptors;
    private final int[] pageRows;
    private final long pageSize;
    private final ParquetProperties properties;
    private int firstOfPage;
    private int lastOfPage;

    /** Columns for {@code schema}; {@link #startGroup} gives them the page store of their first row group. */
    FlatColumns(MessageType schema, ParquetProperties properties) {
        List<ColumnDescriptor> columns = schema.getColumns();
        int n = columns.size();
        this.properties = properties;
        writers = new ValuesWriter[n];
        descriptors = columns.toArray(new ColumnDescriptor[0]);
        pageRows = new int[n];
        for (int i = 0; i < n; i++) {
            ColumnDescriptor column = descriptors[i];
            if (column.getMaxDefinitionLevel() != 0 || column.getMaxRepetitionLevel() != 0) {
                throw new IllegalArgumentException("columns here are flat and required: " + column);
            }
        }
        pageSize = properties.getPageSizeThreshold();
    }

    /**
     * Starts a row group whose pages go to {@code store} (page stores are single-use). The lean writers (DELTA ids,
     * PLAIN weights) are kept from group to group, since a page leaves them empty: their page-sized buffers are
     * allocated once a slice, not once a row group (each is a humongous object for G1, and a stream of them kept
     * starting concurrent mark cycles). Any other writer (a dictionary) is made afresh, as parquet-java does.
     */
    void startGroup(FlatPageStore store) {
        pages = store;
        for (int i = 0; i < writers.length; i++) {
            if (!(writers[i] instanceof DeltaBinaryPackedEncoder || writers[i] instanceof PlainFloatingPointWriter)) {
                if (writers[i] != null) {
                    writers[i].close();
                }
                writers[i] = properties.newValuesWriter(descriptors[i]);
            }
            pageRows[i] = 0;
        }
    }

    /**
     * The first column, sorted ascending (written as such, {@link DeltaBinaryPackedEncoder#writeAscending}): its
     * page's first and last value are the page's min and max.
     */
    void first(int[] values, int n) throws IOException {
        if (n == 0) {
            return;
        }
        if (pageRows[0] == 0) {
            firstOfPage = values[0];
        }
        lastOfPage = values[n - 1];
        if (writers[0] instanceof DeltaBinaryPackedEncoder delta) {
            delta.writeAscending(values, n);
            ended(0, n);
        } else {
            ints(0, values, n);
        }
    }

    void ints(int column, int[] values, int n) throws IOException {
        ValuesWriter writer = writers[column];
        if (writer instanceof DeltaBinaryPackedEncoder delta) {
            delta.writeIntegers(values, n);
        } else {
            for (int i = 0; i < n; i++) {
                writer.writeInteger(values[i]);
            }
        }
        ended(column, n);
    }

    void doubles(int column, double[] values, int n) throws IOException {
        ValuesWriter writer = writers[column];
        if (writer instanceof PlainFloatingPointWriter plain) {
            plain.writeDoubles(values, n);
        } else {
            for (int i = 0; i < n; i++) {
                writer.writeDouble(values[i]);
            }
        }
        ended(column, n);
    }

    /** Each double rounded to the nearest float. */
    void floats(int column, double[] values, int n) throws IOException {
        ValuesWriter writer = writers[column];
        if (writer instanceof PlainFloatingPointWriter plain) {
            plain.writeFloats(values, n);
        } else {
            for (int i = 0; i < n; i++) {
                writer.writeFloat((float) values[i]);
            }
        }
        ended(column, n);
    }

    /** The same value n times (a run of a population's name). */
    void binaries(int column, Binary value, int n) throws IOException {
        ValuesWriter writer = writers[column];
        for (int i = 0; i < n; i++) {
            writer.writeBytes(value);
        }
        ended(column, n);
    }

    private void ended(int column, int n) throws IOException {
        pageRows[column] += n;
        if (writers[column].getBufferedSize() >= pageSize) {
            writePage(column);
        }
    }

    /** Bytes buffered in pages and values not yet in a page, for the row group's size. */
    long bufferedSize() {
        long size = 0;
        for (int i = 0; i < writers.length; i++) {
            size += writers[i].getBufferedSize() + pages.bufferedSize(i);
        }
        return size;
    }

    /** Writes every column's last, partial page and its dictionary; the page store then holds the whole row group. */
    void finish() throws IOException {
        for (int i = 0; i < writers.length; i++) {
            if (pageRows[i] > 0) {
                writePage(i);
            }
            DictionaryPage dictionary = writers[i].toDictPageAndClose();
            if (dictionary != null) {
                pages.addDictionary(i, dictionary);
                writers[i].resetDictionary();
            }
        }
    }

    void close() {
        for (ValuesWriter writer : writers) {
            if (writer != null) { // null before the first row group
                writer.close();
            }
        }
    }

    private void writePage(int column) throws IOException {
        int rows = pageRows[column];
        ValuesWriter writer = writers[column];
        boolean handOver = writer instanceof PageArrayWriter;
        if (pages.add(column, rows, writer.getEncoding(), writer.getBytes(), handOver, statistics(column))) {
            PageArrayWriter arrays = (PageArrayWriter) writer;
            arrays.handOver(PageArrayPool.SHARED.take(arrays.arrayLength())); // the store keeps the page's array
        } else {
            writer.reset(); // the page store has copied (compressed) the bytes
        }
        pageRows[column] = 0;
    }

    private Statistics<?> statistics(int column) {
        if (column != 0) {
            return Statistics.noopStats(descriptors[column].getPrimitiveType());
        }
        IntStatistics statistics = (IntStatistics) Statistics.createStats(descriptors[0].getPrimitiveType());
        statistics.updateStats(firstOfPage);
        statistics.updateStats(lastOfPage);
        return statistics;
    }
}
