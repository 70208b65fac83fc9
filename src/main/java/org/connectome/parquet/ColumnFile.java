package org.connectome.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Paths;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.connectome.output.NioLocalFileSystem;

/**
 * Some flat columns of one Parquet file, row group by row group in file order, decoded into {@link ColumnValues}
 * batches with no records: the one page-level reader of the written tables (export streams them, stats scans
 * them). A required numeric column is decoded straight from its pages: PLAIN values copied in bulk from the page's
 * little-endian bytes, INT32 deltas a miniblock at a time ({@link DeltaBinaryPackedInts}), other encodings
 * (dictionaries, INT64 deltas) through parquet-java's values readers. What parquet-java's record-level column
 * reader adds (levels, converters, a call per value, about 30 ns a value) is skipped: a required column has no
 * levels, and its values start at the page's first byte in data pages of both versions. Optional (nullable) and
 * string columns go through that column reader, nulls marked in {@link ColumnValues#nulls}.
 *
 * <p>Pages come from {@link LocalParquetFile} for a local file (positional reads into buffers that the caller may
 * share from file to file, {@link Buffers}), else from parquet-java's file reader through Hadoop.
 *
 * <p>Memory: one row group's pages of the selected columns (both sources read a column chunk whole) and one
 * decoded page or miniblock per column.
 */
public final class ColumnFile implements AutoCloseable {
    /** The column readers need a converter tree; values are taken with the readers' getters instead. */
    private static final GroupConverter NO_RECORDS = new GroupConverter() {
        private final PrimitiveConverter primitive = new PrimitiveConverter() {
        };

        @Override
        public Converter getConverter(int fieldIndex) {
            return primitive;
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    };

    private final RowGroups source;
    private final String file;
    private final MessageType schema;
    private String[] names = new String[0];
    private ColumnDescriptor[] descriptors = new ColumnDescriptor[0];
    private MessageType projection;
    private PageColumn[] pageColumns;
    private ColumnReader[] readers;
    private long leftInGroup;
    private boolean closed;

    private ColumnFile(RowGroups source, String file) {
        this.source = source;
        this.file = file;
        this.schema = source.schema();
    }

    public static ColumnFile open(Configuration conf, FileStatus file) throws IOException {
        return open(conf, file, new Buffers());
    }

    /** {@link #open(Configuration, FileStatus)}, a local file's pages read into {@code buffers}. */
    public static ColumnFile open(Configuration conf, FileStatus file, Buffers buffers) throws IOException {
        ColumnFile local = openLocal(conf, file.getPath(), buffers);
        return local != null ? local : openHadoop(conf, FileSystemInputFile.of(file, conf), file.getPath());
    }

    public static ColumnFile open(Configuration conf, Path file) throws IOException {
        ColumnFile local = openLocal(conf, file, new Buffers());
        return local != null ? local : openHadoop(conf, FileSystemInputFile.of(file, conf), file);
    }

    /**
     * Buffers that the files read one after another can share (a file's pages are in them while it is open; one
     * file at a time): reading a local file's column chunks into buffers it allocates itself costs about as much
     * as the reading.
     */
    public static final class Buffers {
        final LocalParquetFile.Buffers local = new LocalParquetFile.Buffers();
    }

    /** Through Hadoop's file system and parquet-java's file reader, whatever the file's URI (tests: any file). */
    static ColumnFile openHadoop(Configuration conf, Path file) throws IOException {
        return openHadoop(conf, FileSystemInputFile.of(file, conf), file);
    }

    /**
     * Options from the caller's configuration: {@code ParquetFileReader.open(input)} alone builds a new Hadoop
     * Configuration per file, which parses Hadoop's default XML resources again (tens of ms a file, and the parser
     * then costs the JIT as much again).
     */
    private static ColumnFile openHadoop(Configuration conf, InputFile input, Path file) throws IOException {
        return new ColumnFile(new HadoopRowGroups(ParquetFileReader.open(input,
                HadoopReadOptions.builder(conf).build())), file.toString());
    }

    /**
     * A local file ({@code file:}, or no scheme where the default file system is local) through
     * {@link LocalParquetFile} when it takes all of the file's chunks; null for any other file.
     */
    private static ColumnFile openLocal(Configuration conf, Path file, Buffers buffers) throws IOException {
        return openLocal(conf, file, buffers, LocalParquetFile.Reads.AUTO);
    }

    /** {@link #openLocal(Configuration, Path, Buffers)}, the large chunks read as {@code reads} says (tests). */
    static ColumnFile openLocal(Configuration conf, Path file, Buffers buffers, LocalParquetFile.Reads reads)
            throws IOException {
        if (!NioLocalFileSystem.isLocal(file, conf)) {
            return null;
        }
        LocalParquetFile local = LocalParquetFile.open(Paths.get(file.toUri().getPath()), buffers.local, reads);
        if (!local.readable()) {
            local.close();
            return null;
        }
        return new ColumnFile(new LocalRowGroups(local), file.toString());
    }

    public MessageType schema() {
        return schema;
    }

    /** Whether the file is read by {@link LocalParquetFile} (tests). */
    boolean isLocal() {
        return source instanceof LocalRowGroups;
    }

    /** Whether the file's large chunks are read with O_DIRECT (tests). */
    boolean readsDirectly() {
        return source instanceof LocalRowGroups local && local.file.readsDirectly();
    }

    /** The rows of the file, from its footer. */
    public long rows() {
        return source.rows();
    }

    /** The columns to read, each a top-level non-repeated primitive, from the next row group on. */
    public void select(List<String> columns) throws IOException {
        names = columns.toArray(String[]::new);
        descriptors = new ColumnDescriptor[names.length];
        Type[] fields = new Type[names.length];
        for (int i = 0; i < names.length; i++) {
            if (!schema.containsField(names[i])) {
                throw new IOException(file + " has no column '" + names[i] + "' (its schema: " + schema + ")");
            }
            Type field = schema.getType(names[i]);
            if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
                throw new IOException("column '" + names[i] + "' of " + file + " is not a flat column");
            }
            fields[i] = field;
            descriptors[i] = schema.getColumnDescription(new String[] {names[i]});
        }
        projection = new MessageType(schema.getName(), fields);
        source.select(projection, List.of(descriptors));
    }

    public PrimitiveTypeName type(int column) {
        return descriptors[column].getPrimitiveType().getPrimitiveTypeName();
    }

    /** Whether the column may hold nulls. */
    public boolean optional(int column) {
        return descriptors[column].getMaxDefinitionLevel() > 0;
    }

    /** A batch of the selected columns for up to {@code capacity} rows. */
    public ColumnValues[] batch(int capacity) {
        ColumnValues[] batch = new ColumnValues[names.length];
        for (int i = 0; i < names.length; i++) {
            batch[i] = new ColumnValues(names[i], type(i), capacity, optional(i));
        }
        return batch;
    }

    /** Moves to the next row group; returns its rows, or -1 after the last. */
    public long nextRowGroup() throws IOException {
        PageReadStore pages = source.next();
        if (pages == null) {
            leftInGroup = 0;
            return -1;
        }
        ColumnReadStoreImpl store = null;
        pageColumns = new PageColumn[names.length];
        readers = new ColumnReader[names.length];
        for (int i = 0; i < names.length; i++) {
            if (PageColumn.handles(descriptors[i])) {
                pageColumns[i] = new PageColumn(descriptors[i], pages.getPageReader(descriptors[i]));
            } else {
                if (store == null) {
                    store = new ColumnReadStoreImpl(pages, NO_RECORDS, projection, source.createdBy());
                }
                readers[i] = store.getColumnReader(descriptors[i]);
            }
        }
        leftInGroup = pages.getRowCount();
        return leftInGroup;
    }

    /** The next {@code rows} rows of the row group (at most what is left of it) into {@code batch}. */
    public void read(ColumnValues[] batch, int rows) throws IOException {
        if (rows > leftInGroup) {
            throw new IllegalArgumentException(rows + " rows wanted, " + leftInGroup + " left in the row group");
        }
        for (int i = 0; i < names.length; i++) {
            if (pageColumns[i] != null) {
                pageColumns[i].read(batch[i], rows);
            } else {
                readLevelled(readers[i], batch[i], rows);
            }
        }
        leftInGroup -= rows;
    }

    /** Through parquet-java's column reader: optional columns (nulls marked) and strings. */
    private static void readLevelled(ColumnReader reader, ColumnValues out, int count) {
        int defined = reader.getDescriptor().getMaxDefinitionLevel();
        if (defined > 0 && out.nulls == null) {
            throw new IllegalArgumentException("column " + out.name + " is optional here; its batch has no nulls");
        }
        for (int i = 0; i < count; i++) {
            if (defined > 0) {
                boolean isNull = reader.getCurrentDefinitionLevel() < defined;
                out.nulls[i] = isNull;
                if (isNull) {
                    reader.consume();
                    continue;
                }
            }
            switch (out.type) {
                case INT32 -> out.ints[i] = reader.getInteger();
                case INT64 -> out.longs[i] = reader.getLong();
                case FLOAT -> out.floats[i] = reader.getFloat();
                case DOUBLE -> out.doubles[i] = reader.getDouble();
                // A copy of the bytes: Binary.copy() keeps a value it takes for constant, and the local reader's
                // page buffers are reused page after page.
                default -> out.binaries[i] = Binary.fromConstantByteArray(reader.getBinary().getBytes());
            }
            reader.consume();
        }
    }

    /** Closes the file; again, nothing. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            source.close();
        }
    }

    /** A file's row groups in order, with the pages of the selected columns. */
    private interface RowGroups extends AutoCloseable {
        MessageType schema();

        long rows();

        String createdBy();

        void select(MessageType projection, List<ColumnDescriptor> columns);

        /** The next row group's pages; null after the last. */
        PageReadStore next() throws IOException;

        @Override
        void close() throws IOException;
    }

    /** parquet-java's file reader: a fresh heap buffer per chunk and page, through Hadoop's stream. */
    private record HadoopRowGroups(ParquetFileReader reader) implements RowGroups {
        @Override
        public MessageType schema() {
            return reader.getFileMetaData().getSchema();
        }

        @Override
        public long rows() {
            return reader.getRecordCount();
        }

        @Override
        public String createdBy() {
            return reader.getFileMetaData().getCreatedBy();
        }

        @Override
        public void select(MessageType projection, List<ColumnDescriptor> columns) {
            reader.setRequestedSchema(projection);
        }

        @Override
        public PageReadStore next() throws IOException {
            return reader.readNextRowGroup();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** {@link LocalParquetFile}: positional reads into reused buffers. */
    private static final class LocalRowGroups implements RowGroups {
        private final LocalParquetFile file;
        private List<ColumnDescriptor> columns = List.of();
        private int next;

        LocalRowGroups(LocalParquetFile file) {
            this.file = file;
        }

        @Override
        public MessageType schema() {
            return file.footer().getFileMetaData().getSchema();
        }

        @Override
        public long rows() {
            long rows = 0;
            for (BlockMetaData block : file.footer().getBlocks()) {
                rows += block.getRowCount();
            }
            return rows;
        }

        @Override
        public String createdBy() {
            return file.footer().getFileMetaData().getCreatedBy();
        }

        @Override
        public void select(MessageType projection, List<ColumnDescriptor> columns) {
            this.columns = columns;
        }

        @Override
        public PageReadStore next() throws IOException {
            return next < file.footer().getBlocks().size() ? file.rowGroup(next++, columns) : null;
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /** A required numeric column of one row group, decoded page by page. */
    private static final class PageColumn {
        private final ColumnDescriptor descriptor;
        private final PageReader pages;
        private final Dictionary dictionary;
        private ByteBuffer plain;
        private DeltaBinaryPackedInts delta;
        private ValuesReader values;
        private int leftInPage;

        PageColumn(ColumnDescriptor descriptor, PageReader pages) throws IOException {
            this.descriptor = descriptor;
            this.pages = pages;
            DictionaryPage dictionaryPage = pages.readDictionaryPage();
            this.dictionary = dictionaryPage == null ? null
                    : dictionaryPage.getEncoding().initDictionary(descriptor, dictionaryPage);
        }

        static boolean handles(ColumnDescriptor descriptor) {
            return descriptor.getMaxDefinitionLevel() == 0 && descriptor.getMaxRepetitionLevel() == 0
                    && switch (descriptor.getPrimitiveType().getPrimitiveTypeName()) {
                        case INT32, INT64, FLOAT, DOUBLE -> true;
                        default -> false;
                    };
        }

        void read(ColumnValues out, int count) throws IOException {
            for (int at = 0; at < count; ) {
                if (leftInPage == 0) {
                    nextPage();
                }
                int n = Math.min(leftInPage, count - at);
                if (delta != null) {
                    delta.read(out.ints, at, n);
                } else if (plain != null) {
                    // Bulk copies of the little-endian bytes (an intrinsic copy on a little-endian machine).
                    switch (out.type) {
                        case INT32 -> plain.asIntBuffer().get(out.ints, at, n);
                        case INT64 -> plain.asLongBuffer().get(out.longs, at, n);
                        case FLOAT -> plain.asFloatBuffer().get(out.floats, at, n);
                        default -> plain.asDoubleBuffer().get(out.doubles, at, n);
                    }
                    plain.position(plain.position() + n * (out.type == PrimitiveTypeName.INT32
                            || out.type == PrimitiveTypeName.FLOAT ? 4 : 8));
                } else {
                    readValues(out, at, n);
                }
                leftInPage -= n;
                at += n;
            }
        }

        private void readValues(ColumnValues out, int at, int n) {
            switch (out.type) {
                case INT32 -> {
                    for (int i = at; i < at + n; i++) {
                        out.ints[i] = values.readInteger();
                    }
                }
                case INT64 -> {
                    for (int i = at; i < at + n; i++) {
                        out.longs[i] = values.readLong();
                    }
                }
                case FLOAT -> {
                    for (int i = at; i < at + n; i++) {
                        out.floats[i] = values.readFloat();
                    }
                }
                default -> {
                    for (int i = at; i < at + n; i++) {
                        out.doubles[i] = values.readDouble();
                    }
                }
            }
        }

        private void nextPage() throws IOException {
            DataPage page = pages.readPage();
            if (page == null) {
                throw new IOException("column " + descriptor + " ends before its row group");
            }
            Encoding encoding;
            ByteBuffer bytes;
            if (page instanceof DataPageV2 v2) {
                encoding = v2.getDataEncoding();
                bytes = v2.getData().toByteBuffer();
            } else {
                DataPageV1 v1 = (DataPageV1) page;
                encoding = v1.getValueEncoding();
                bytes = v1.getBytes().toByteBuffer();
            }
            leftInPage = page.getValueCount();
            plain = null;
            delta = null;
            values = null;
            if (encoding == Encoding.PLAIN) {
                plain = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
                return;
            }
            if (encoding == Encoding.DELTA_BINARY_PACKED
                    && descriptor.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32) {
                delta = new DeltaBinaryPackedInts(bytes.slice());
                return;
            }
            if (encoding.usesDictionary()) {
                if (dictionary == null) {
                    throw new IOException("column " + descriptor + ": a dictionary page is missing");
                }
                values = encoding.getDictionaryBasedValuesReader(descriptor, ValuesType.VALUES, dictionary);
            } else {
                values = encoding.getValuesReader(descriptor, ValuesType.VALUES);
            }
            values.initFromPage(leftInPage, ByteBufferInputStream.wrap(bytes));
        }
    }
}
