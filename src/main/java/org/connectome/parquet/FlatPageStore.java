package org.connectome.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.EncodingStats;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.schema.MessageType;

/**
 * One row group's pages of a flat table ({@link FlatColumns}), held until the group is written, then streamed into
 * the file through {@link ParquetFileWriter}'s page calls ({@code startColumn}, {@code writeDataPageV2},
 * {@code endColumn}). It replaces parquet-java's {@code ColumnChunkPageWriteStore}, which copies every compressed
 * page into buffers of its own and then copies those into the file through 8 kB transfers: here a page that the
 * codec stores as it is (random ids and weights under our snappy, or no codec) stays in its values writer's array,
 * which the writer hands over ({@link PageArrayWriter}) and takes a pooled one for its next page; only compressed
 * pages are copied, as before. The file's bytes are the same as that page store's: the same page headers, page
 * order, statistics, column and offset indexes, and sizes for cutting row groups ({@link #bufferedSize}).
 *
 * <p>parquet-java's page calls record a chunk's data pages as v1 pages in its encoding stats, where its chunk call
 * (not public) records them as v2; {@link #V2_PAGES} sets that flag on the writer's builder, so the footers stay
 * true to the pages. Not thread-safe; single-use, like parquet-java's page stores.
 */
final class FlatPageStore implements AutoCloseable {
    /** ParquetFileWriter's per-chunk encoding stats, marked v2 as its chunk call marks them. */
    private static final Field V2_PAGES = encodingStatsField();
    private static final byte[] NO_PREFIX = new byte[0];

    private final ColumnDescriptor[] columns;
    private final BytesInputCompressor compressor;
    private final AdaptiveSnappyCompressor snappy;
    private final List<List<Page>> pages = new ArrayList<>();
    private final long[] bufferedBytes;
    private final long[] values;
    private final DictionaryPage[] dictionaries;
    private final ParquetMetadataConverter converter = new ParquetMetadataConverter();
    private final ByteArrayOutputStream header = new ByteArrayOutputStream(64);

    /** A data page: its rows (one value each), bytes as {@code prefix} then the range of {@code body}. */
    private record Page(int rows, Encoding encoding, int uncompressedSize, byte[] prefix, byte[] body, int offset,
            int length, boolean pooled, Statistics<?> statistics) {
        BytesInput bytes() {
            BytesInput range = BytesInput.from(body, offset, length);
            return prefix.length == 0 ? range : BytesInput.concat(BytesInput.from(prefix), range);
        }
    }

    FlatPageStore(MessageType schema, BytesInputCompressor compressor) {
        this.columns = schema.getColumns().toArray(new ColumnDescriptor[0]);
        this.compressor = compressor;
        this.snappy = compressor instanceof AdaptiveSnappyCompressor adaptive ? adaptive : null;
        for (int i = 0; i < columns.length; i++) {
            pages.add(new ArrayList<>());
        }
        bufferedBytes = new long[columns.length];
        values = new long[columns.length];
        dictionaries = new DictionaryPage[columns.length];
    }

    /**
     * Compresses and keeps a data page (v2, no levels) of {@code rows} values. Returns whether the store keeps the
     * array that {@code page} is a range of; only then, and only if {@code mayKeep}, the caller must hand that array
     * over ({@link PageArrayWriter#handOver}). Otherwise the page's bytes were copied and its array is the caller's.
     *
     * @param mayKeep whether {@code page} is one range of an array its writer can hand over
     */
    boolean add(int column, int rows, Encoding encoding, BytesInput page, boolean mayKeep, Statistics<?> statistics)
            throws IOException {
        int uncompressedSize = Math.toIntExact(page.size());
        BytesInput compressed = compressor.compress(page);
        byte[] literalHeader = snappy != null ? snappy.storedHeader() : null;
        Page kept;
        if (mayKeep && (compressed == page || literalHeader != null)) {
            // Stored as it is (no codec), or as one snappy literal: the header, then the page's own bytes.
            @SuppressWarnings("deprecation")
            ByteBuffer range = page.toByteBuffer(); // an array range's bytes in place (BytesInput.from(byte[], ...))
            kept = new Page(rows, encoding, uncompressedSize, literalHeader == null ? NO_PREFIX : literalHeader,
                    range.array(), range.arrayOffset() + range.position(), range.remaining(), true, statistics);
        } else {
            byte[] copy = compressed.toByteArray(); // the codec's output buffer is reused for its next page
            kept = new Page(rows, encoding, uncompressedSize, NO_PREFIX, copy, 0, copy.length, false, statistics);
        }
        pages.get(column).add(kept);
        values[column] += rows;
        bufferedBytes[column] += headerSize(kept) + kept.prefix.length + kept.length;
        return kept.pooled;
    }

    /** The column's dictionary page, compressed (written before its data pages). */
    void addDictionary(int column, DictionaryPage dictionary) throws IOException {
        if (dictionaries[column] != null) {
            throw new IllegalStateException("a second dictionary page for " + columns[column]);
        }
        int uncompressedSize = Math.toIntExact(dictionary.getBytes().size());
        byte[] compressed = compressor.compress(dictionary.getBytes()).toByteArray();
        dictionaries[column] = new DictionaryPage(BytesInput.from(compressed), uncompressedSize,
                dictionary.getDictionarySize(), dictionary.getEncoding());
    }

    /**
     * The column's pages' bytes with their headers, as parquet-java's page store counts them (the dictionary page
     * apart): the row group is cut on the sum of these and the values not yet in a page.
     */
    long bufferedSize(int column) {
        return bufferedBytes[column];
    }

    /** The page header's length, serialized as the file writer will write it. */
    private int headerSize(Page page) throws IOException {
        header.reset();
        converter.writeDataPageV2Header(page.uncompressedSize, page.prefix.length + page.length, page.rows, 0,
                page.rows, page.encoding, 0, 0, true, header, null, null);
        return header.size();
    }

    /** Writes every column chunk of the row group (between the writer's startBlock and endBlock), in schema order. */
    void writeTo(ParquetFileWriter writer) throws IOException {
        for (int c = 0; c < columns.length; c++) {
            writer.startColumn(columns[c], values[c], compressor.getCodecName());
            markV2Pages(writer);
            if (dictionaries[c] != null) {
                writer.writeDictionaryPage(dictionaries[c]);
            }
            for (Page page : pages.get(c)) {
                writer.writeDataPageV2(page.rows, 0, page.rows, BytesInput.empty(), BytesInput.empty(),
                        page.encoding, page.bytes(), true, page.uncompressedSize, page.statistics);
            }
            writer.endColumn();
            release(c);
        }
    }

    /** Gives the kept arrays back to the pool; the pages are dropped. */
    @Override
    public void close() {
        for (int c = 0; c < columns.length; c++) {
            release(c);
        }
    }

    private void release(int column) {
        for (Page page : pages.get(column)) {
            if (page.pooled) {
                PageArrayPool.SHARED.give(page.body);
            }
        }
        pages.get(column).clear();
    }

    private static void markV2Pages(ParquetFileWriter writer) {
        try {
            ((EncodingStats.Builder) V2_PAGES.get(writer)).withV2Pages();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot mark v2 pages in ParquetFileWriter's encoding stats", e);
        }
    }

    private static Field encodingStatsField() {
        try {
            Field field = ParquetFileWriter.class.getDeclaredField("encodingStatsBuilder");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            throw new ExceptionInInitializerError("this parquet-java's ParquetFileWriter has no encodingStatsBuilder "
                    + "field (the slice writer needs it to record v2 pages): " + e);
        }
    }
}
