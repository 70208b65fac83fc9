package org.connectome.parquet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.connectome.kernel.EdgeStream;
import org.connectome.model.EdgeTable;
import org.connectome.model.WeightType;
import org.connectome.output.NioLocalFileSystem;

/**
 * Writes one slice of a table as Parquet files through parquet-java's column API, straight from the kernel's
 * batch arrays: no row objects, no record assembly, no Spark. The layout is {@link ParquetLayout}'s: format v2
 * pages, DELTA_BINARY_PACKED ids, PLAIN weights (and delays) without statistics, a dictionary only for the
 * neurons' population names (they repeat), at most {@code maxFileRows} rows a file and row groups of about
 * {@code rowGroupBytes}.
 *
 * <p>Each file is written under an attempt-private name and renamed to its final name once complete (see
 * {@link SliceFiles}); a rename that finds the final name taken leaves it: that file was written by another
 * attempt of the same slice, which writes the same bytes. Not thread-safe; one writer per slice at a time.
 */
public final class SliceWriter {
    /** Rows taken from the kernel at a time; the row group's size is checked after each batch. */
    static final int BATCH_ROWS = 8192;
    /** Smallest batch: below it the per-batch checks cost more than the rows. */
    private static final int MIN_BATCH_ROWS = 256;
    /** parquet-java's default: files on HDFS pad a row group to a block boundary by at most this. */
    private static final int MAX_PADDING_BYTES = 8 << 20;

    private final Configuration conf;
    private final ParquetLayout layout;
    private final boolean directWrites;

    /** A writer through the page cache. */
    public SliceWriter(Configuration conf, ParquetLayout layout) {
        this(conf, layout, false);
    }

    /**
     * @param directWrites write local files with O_DIRECT where their file system takes it (the same bytes;
     *                     {@link org.connectome.output.DirectIo})
     */
    public SliceWriter(Configuration conf, ParquetLayout layout, boolean directWrites) {
        this.conf = conf;
        this.layout = layout;
        this.directWrites = directWrites;
    }

    /**
     * Writes an edge table's slice: ids, weights as {@code weightType}, and the delays if the stream has them.
     *
     * @param progress told the rows of each batch once written; it may throw to stop the write
     * @return the files published, in order
     */
    public List<WrittenFile> writeEdges(EdgeTable table, WeightType weightType, EdgeStream rows, SliceFiles files,
            String attempt, LongConsumer progress) throws IOException {
        boolean delays = rows.hasDelay();
        MessageType schema = TableSchema.edges(table, weightType, delays);
        boolean floats = weightType == WeightType.FLOAT;
        int[] first = new int[BATCH_ROWS];
        int[] second = new int[BATCH_ROWS];
        double[] weight = new double[BATCH_ROWS];
        double[] delay = delays ? new double[BATCH_ROWS] : null;
        try (Files output = new Files(schema, files, attempt)) {
            while (true) {
                int n = rows.fill(first, second, weight, delay, output.capacity());
                if (n == 0) {
                    break;
                }
                FlatColumns columns = output.group().columns;
                columns.first(first, n);
                columns.ints(1, second, n);
                if (floats) {
                    columns.floats(2, weight, n);
                } else {
                    columns.doubles(2, weight, n);
                }
                if (delays) {
                    columns.doubles(3, delay, n);
                }
                output.written(n);
                progress.accept(n);
            }
            return output.finish();
        }
    }

    /**
     * Writes the neurons {@code [from, to)}: each id with the name of its population.
     *
     * @param population the population's name of an id; the writer reuses the encoded name while the same
     *                   String object is returned, so return shared constants
     */
    public List<WrittenFile> writeNeurons(long from, long to, IntFunction<String> population, SliceFiles files,
            String attempt, LongConsumer progress) throws IOException {
        int[] ids = new int[BATCH_ROWS];
        try (Files output = new Files(TableSchema.neurons(), files, attempt)) {
            String lastName = null;
            Binary lastBinary = null;
            long next = from;
            while (next < to) {
                int n = (int) Math.min(output.capacity(), to - next);
                FlatColumns columns = output.group().columns;
                for (int i = 0; i < n; i++) {
                    ids[i] = (int) (next + i);
                }
                columns.first(ids, n);
                // The names in runs: populations are ranges of ids.
                int runStart = 0;
                for (int i = 0; i < n; i++) {
                    String name = population.apply(ids[i]);
                    if (name != lastName) {
                        if (i > runStart) {
                            columns.binaries(1, lastBinary, i - runStart);
                        }
                        runStart = i;
                        lastName = name;
                        lastBinary = Binary.fromString(name);
                    }
                }
                columns.binaries(1, lastBinary, n - runStart);
                next += n;
                output.written(n);
                progress.accept(n);
            }
            return output.finish();
        }
    }

    /** The properties of every file: see the class comment and notes/parquet-column-writer.md. */
    static ParquetProperties properties(MessageType schema) {
        ParquetProperties.Builder builder = ParquetProperties.builder()
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withDictionaryEncoding(false)
                // Pages are cut by size alone (1 MB): a row cap only adds pages, and page checksums and size
                // statistics cost time that no reader of these tables needs.
                .withPageRowCountLimit(Integer.MAX_VALUE)
                .withPageWriteChecksumEnabled(false)
                .withSizeStatisticsEnabled(false)
                .withValuesWriterFactory(new LeanValuesWriterFactory());
        // Min/max statistics only where they prune (SPEC 4): the first column, the file order. Every row group spans
        // (nearly) all values of the other columns, and updating their statistics was about 8% of the writer.
        List<ColumnDescriptor> columns = schema.getColumns();
        for (int i = 1; i < columns.size(); i++) {
            builder.withStatisticsEnabled(columns.get(i).getPath()[0], false);
        }
        if (schema.containsField(TableSchema.POPULATION)) {
            builder.withDictionaryEncoding(TableSchema.POPULATION, true); // a few names repeated N times
        }
        return builder.build();
    }

    private CompressionCodecName codec() {
        String name = layout.compression().toUpperCase(Locale.ROOT);
        return name.equals("NONE") ? CompressionCodecName.UNCOMPRESSED : CompressionCodecName.valueOf(name);
    }

    /** The row group being written: a fresh page store (they are single-use) that the slice's columns feed. */
    private static final class Group {
        final FlatPageStore pages;
        final FlatColumns columns;
        long rows;

        Group(MessageType schema, FlatColumns columns, CompressionCodecFactory.BytesInputCompressor compressor) {
            pages = new FlatPageStore(schema, compressor);
            this.columns = columns;
            columns.startGroup(pages);
        }

        long bufferedSize() {
            return columns.bufferedSize();
        }

        /** Moves every buffered value into pages of the page store. */
        void flush() throws IOException {
            columns.finish();
        }

        void close() {
            pages.close();
        }
    }

    /** The slice's files: the open one, its row group, and the files already published. */
    private final class Files implements AutoCloseable {
        private final MessageType schema;
        private final SliceFiles files;
        private final String attempt;
        private final CodecFactory codecs;
        private final CompressionCodecFactory.BytesInputCompressor compressor;
        private final ParquetProperties properties;
        /** The slice's columns, from row group to row group and file to file. */
        private final FlatColumns columns;
        /** At most about an eighth of a row group (at 8 bytes a row or more), so small groups are cut near size. */
        private final int batchRows;
        private final List<WrittenFile> published = new ArrayList<>();
        private FileSystem fileSystem;
        private FileSystemOutputFile output;
        private ParquetFileWriter writer;
        private Path attemptPath;
        private Group group;
        private long fileRows;
        private int groups;
        private long groupBytes;

        Files(MessageType schema, SliceFiles files, String attempt) {
            this.schema = schema;
            this.files = files;
            this.attempt = attempt;
            this.codecs = new CodecFactory(conf, ParquetProperties.DEFAULT_PAGE_SIZE);
            // Snappy only where it shortens a page (AdaptiveSnappyCompressor); other codecs as parquet-java has them.
            this.compressor = codec() == CompressionCodecName.SNAPPY ? new AdaptiveSnappyCompressor()
                    : codecs.getCompressor(codec());
            this.properties = properties(schema);
            this.columns = new FlatColumns(schema, properties);
            this.batchRows = (int) Math.max(MIN_BATCH_ROWS, Math.min(BATCH_ROWS, layout.rowGroupBytes() / 64));
        }

        /** Rows the next batch may hold: a batch of {@link #batchRows}, and a file never exceeds maxFileRows. */
        int capacity() {
            return (int) Math.min(batchRows, layout.maxFileRows() - fileRows);
        }

        /** The row group to write into, opening a file if none is open. */
        Group group() throws IOException {
            if (writer == null) {
                open();
            }
            return group;
        }

        /** After a batch of n rows: ends the row group or the file when full. */
        void written(int n) throws IOException {
            group.rows += n;
            fileRows += n;
            if (fileRows >= layout.maxFileRows()) {
                commit();
            } else if (group.bufferedSize() >= groupBytes) {
                flushGroup();
                group = new Group(schema, columns, compressor);
            }
        }

        /** Closes the last file (or writes the empty file of an empty table); returns what was published. */
        List<WrittenFile> finish() throws IOException {
            if (writer != null) {
                commit();
            } else if (published.isEmpty() && files.writeEmpty()) {
                open();
                commit();
            }
            return published;
        }

        private void open() throws IOException {
            int index = published.size();
            attemptPath = files.attemptPath(index, attempt);
            fileSystem = NioLocalFileSystem.of(attemptPath, conf);
            output = new FileSystemOutputFile(fileSystem, attemptPath, directWrites);
            writer = new ParquetFileWriter(output, schema,
                    ParquetFileWriter.Mode.OVERWRITE, layout.rowGroupBytes(), MAX_PADDING_BYTES, null, properties);
            writer.start();
            fileRows = 0;
            groups = 0;
            groupBytes = Math.min(layout.rowGroupBytes(), writer.getNextRowGroupSize());
            group = new Group(schema, columns, compressor);
        }

        private void flushGroup() throws IOException {
            if (group.rows > 0) {
                group.flush();
                writer.startBlock(group.rows);
                group.pages.writeTo(writer);
                writer.endBlock();
                output.rowGroupWritten();
                groups++;
                groupBytes = Math.min(layout.rowGroupBytes(), writer.getNextRowGroupSize());
            }
            group.close();
        }

        /** Ends the open file and renames it to its final name. */
        private void commit() throws IOException {
            flushGroup();
            group = null;
            writer.end(Map.of());
            writer = null;
            int index = published.size();
            Path finalPath = files.finalPath(index);
            if (!fileSystem.rename(attemptPath, finalPath)) {
                if (!fileSystem.exists(finalPath)) {
                    throw new IOException("could not rename " + attemptPath + " to " + finalPath);
                }
                fileSystem.delete(attemptPath, false); // another attempt of this slice published the same bytes
            }
            published.add(new WrittenFile(finalPath.getName(), fileRows));
            fileRows = 0;
        }

        /** On failure: the unfinished file is dropped; a published one stays (it is complete). */
        @Override
        public void close() {
            if (writer != null) {
                writer.abort();
                try {
                    fileSystem.delete(attemptPath, false);
                } catch (IOException | RuntimeException ignored) {
                    // Best effort: attempt files live outside the tables and the driver removes their directory.
                }
                writer = null;
            }
            columns.close();
            codecs.release();
        }
    }
}
