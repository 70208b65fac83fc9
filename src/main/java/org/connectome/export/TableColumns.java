package org.connectome.export;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Streams some columns of a written table (a directory of Parquet files) in file order, which is the table's
 * sort order, batch by batch, with no Spark and no records: required numeric columns are decoded straight from
 * their pages, others through parquet-java's column readers. Files are decoded on threads of their own, the next
 * ones ahead of the one being consumed, each into a few batches of its own that the consumer hands back, so the
 * order is the files' and memory stays bounded: per open file one row group's pages and its batches.
 */
final class TableColumns implements AutoCloseable {
    /** One column of a batch: its values in the array of its physical type. */
    static final class Column {
        final String name;
        final PrimitiveTypeName type;
        int[] ints;
        long[] longs;
        float[] floats;
        double[] doubles;
        Binary[] binaries;

        Column(String name, PrimitiveTypeName type, int capacity) {
            this.name = name;
            this.type = type;
            switch (type) {
                case INT32 -> ints = new int[capacity];
                case INT64 -> longs = new long[capacity];
                case FLOAT -> floats = new float[capacity];
                case DOUBLE -> doubles = new double[capacity];
                case BINARY -> binaries = new Binary[capacity];
                default -> throw new IllegalArgumentException("unsupported column type " + type + " of " + name);
            }
        }

        /** Through the record-level reader: optional (nullable) and string columns; a null is an error. */
        void read(ColumnReader reader, int count) throws IOException {
            int defined = reader.getDescriptor().getMaxDefinitionLevel();
            if (defined > 0) {
                readNullable(reader, count, defined);
                return;
            }
            switch (type) {
                case INT32 -> {
                    for (int i = 0; i < count; i++) {
                        ints[i] = reader.getInteger();
                        reader.consume();
                    }
                }
                case INT64 -> {
                    for (int i = 0; i < count; i++) {
                        longs[i] = reader.getLong();
                        reader.consume();
                    }
                }
                case FLOAT -> {
                    for (int i = 0; i < count; i++) {
                        floats[i] = reader.getFloat();
                        reader.consume();
                    }
                }
                case DOUBLE -> {
                    for (int i = 0; i < count; i++) {
                        doubles[i] = reader.getDouble();
                        reader.consume();
                    }
                }
                default -> {
                    for (int i = 0; i < count; i++) {
                        binaries[i] = reader.getBinary().copy();
                        reader.consume();
                    }
                }
            }
        }

        private void readNullable(ColumnReader reader, int count, int defined) throws IOException {
            for (int i = 0; i < count; i++) {
                if (reader.getCurrentDefinitionLevel() < defined) {
                    throw new IOException("column '" + name + "' holds a null (the tables' columns are all non-null)");
                }
                switch (type) {
                    case INT32 -> ints[i] = reader.getInteger();
                    case INT64 -> longs[i] = reader.getLong();
                    case FLOAT -> floats[i] = reader.getFloat();
                    case DOUBLE -> doubles[i] = reader.getDouble();
                    default -> binaries[i] = reader.getBinary().copy();
                }
                reader.consume();
            }
        }
    }

    /** Files decoded at once: the one being consumed and those after it, each on its own thread. */
    private static final int DECODE_THREADS = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
    /** Decoded batches one file may hold ready for the consumer. */
    private static final int BATCHES_AHEAD = 2;

    private final Configuration conf;
    private final List<FileStatus> files;
    private final String[] names;
    private final MessageType projection;
    private final PrimitiveTypeName[] types;
    private final int capacity;
    private final ExecutorService decoders;
    private final List<FileDecoder> pending = new ArrayList<>();
    private int nextFile;
    private Batch current;

    private TableColumns(Configuration conf, List<FileStatus> files, String[] names, MessageType projection,
            PrimitiveTypeName[] types, int capacity) {
        this.conf = conf;
        this.files = files;
        this.names = names;
        this.projection = projection;
        this.types = types;
        this.capacity = names.length == 0 ? 0 : capacity;
        this.current = new Batch(this, null);
        int threads = Math.min(DECODE_THREADS, Math.max(1, files.size()));
        AtomicInteger threadNumber = new AtomicInteger();
        this.decoders = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "export-decode-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Files start in order on a FIFO pool, so the file being consumed always has its thread; the files after
        // it decode ahead until their few batches are ready. A file is submitted only when one ends, so at most
        // threads files (each one row group of pages) are open at a time.
        for (int i = 0; i < threads; i++) {
            submitNext();
        }
    }

    private void submitNext() {
        if (nextFile < files.size()) {
            FileDecoder decoder = new FileDecoder(files.get(nextFile++));
            pending.add(decoder);
            decoders.execute(decoder);
        }
    }

    /**
     * Opens a table directory for the given columns; optional columns absent from the schema are left out
     * ({@link #has}). Column types come from the first file's schema, and every file must agree.
     */
    static TableColumns open(Configuration conf, Path table, List<String> required, List<String> optional,
            int capacity) throws IOException {
        FileSystem fileSystem = table.getFileSystem(conf);
        FileStatus[] listed = fileSystem.listStatus(table, path -> path.getName().endsWith(".parquet"));
        List<FileStatus> files = new ArrayList<>(Arrays.asList(listed));
        files.sort(Comparator.comparing(status -> status.getPath().getName()));
        MessageType schema = null;
        if (!files.isEmpty()) {
            try (ParquetFileReader first = ParquetFileReader.open(HadoopInputFile.fromStatus(files.get(0), conf))) {
                schema = first.getFileMetaData().getSchema();
            }
        }
        List<String> names = new ArrayList<>(required);
        for (String name : optional) {
            if (schema != null && schema.containsField(name)) {
                names.add(name);
            }
        }
        List<Type> fields = new ArrayList<>();
        PrimitiveTypeName[] types = new PrimitiveTypeName[names.size()];
        for (int i = 0; i < names.size(); i++) {
            if (schema == null) {
                types[i] = PrimitiveTypeName.INT32; // an empty table: no file, no rows, any type will do
                continue;
            }
            if (!schema.containsField(names.get(i))) {
                throw new IOException(table + " has no column '" + names.get(i) + "' (its schema: " + schema + ")");
            }
            Type field = schema.getType(names.get(i));
            if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
                throw new IOException("column '" + names.get(i) + "' of " + table + " is not a flat column");
            }
            fields.add(field);
            types[i] = field.asPrimitiveType().getPrimitiveTypeName();
        }
        MessageType projection = schema == null ? null : new MessageType(schema.getName(), fields);
        return new TableColumns(conf, files, names.toArray(String[]::new), projection, types, capacity);
    }

    boolean has(String name) {
        return index(name) >= 0;
    }

    PrimitiveTypeName type(String name) {
        return types[requireIndex(name)];
    }

    Column column(String name) {
        return current.columns[requireIndex(name)];
    }

    /** Moves to the next batch of the columns; returns its rows, 0 at the end of the table. */
    int next() throws IOException {
        if (current.owner != null) {
            current.owner.free.add(current);
        }
        while (!pending.isEmpty()) {
            Batch batch;
            try {
                batch = pending.get(0).ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + pending.get(0).file.getPath());
            }
            if (batch.failure != null) {
                throw new IOException(batch.failure.getMessage(), batch.failure);
            }
            if (batch.rows > 0) {
                current = batch;
                return batch.rows;
            }
            pending.remove(0); // the file's end
            submitNext();
        }
        current = new Batch(this, null);
        return 0;
    }

    private int index(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private int requireIndex(String name) {
        int index = index(name);
        if (index < 0) {
            throw new IllegalArgumentException("column not read: " + name);
        }
        return index;
    }

    @Override
    public void close() {
        decoders.shutdownNow(); // a decoder waiting for a free batch stops and closes its file
    }

    /** Decoded rows of some columns; a batch with no rows marks a file's end, one with a failure its error. */
    private static final class Batch {
        final FileDecoder owner;
        final Column[] columns;
        int rows;
        Throwable failure;

        Batch(TableColumns table, FileDecoder owner) {
            this.owner = owner;
            this.columns = new Column[table.names.length];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = new Column(table.names[i], table.types[i], owner == null ? 0 : table.capacity);
            }
        }
    }

    /** Decodes one file, row group by row group, into its few batches as the consumer frees them. */
    private final class FileDecoder implements Runnable {
        final FileStatus file;
        final BlockingQueue<Batch> ready = new LinkedBlockingQueue<>();
        final BlockingQueue<Batch> free = new LinkedBlockingQueue<>();

        FileDecoder(FileStatus file) {
            this.file = file;
        }

        @Override
        public void run() {
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf))) {
                for (int i = 0; i < BATCHES_AHEAD + 1; i++) {
                    free.add(new Batch(TableColumns.this, this));
                }
                MessageType schema = reader.getFileMetaData().getSchema();
                for (int i = 0; i < names.length; i++) {
                    if (!schema.containsField(names[i]) || schema.getType(names[i]).asPrimitiveType()
                            .getPrimitiveTypeName() != types[i]) {
                        throw new IOException(file.getPath() + ": column '" + names[i] + "' differs from the first"
                                + " file's (" + types[i] + ")");
                    }
                }
                reader.setRequestedSchema(projection);
                for (PageReadStore pages = reader.readNextRowGroup(); pages != null;
                        pages = reader.readNextRowGroup()) {
                    ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new IgnoringConverter(projection),
                            projection, reader.getFileMetaData().getCreatedBy());
                    ColumnReader[] readers = new ColumnReader[names.length];
                    PageColumn[] pageColumns = new PageColumn[names.length];
                    for (int i = 0; i < names.length; i++) {
                        ColumnDescriptor descriptor = projection.getColumnDescription(new String[] {names[i]});
                        if (PageColumn.handles(descriptor)) {
                            pageColumns[i] = new PageColumn(descriptor, pages.getPageReader(descriptor));
                        } else {
                            readers[i] = store.getColumnReader(descriptor);
                        }
                    }
                    for (long left = pages.getRowCount(); left > 0; ) {
                        Batch batch = free.take();
                        int rows = (int) Math.min(left, capacity);
                        for (int i = 0; i < names.length; i++) {
                            if (pageColumns[i] != null) {
                                pageColumns[i].read(batch.columns[i], rows);
                            } else {
                                batch.columns[i].read(readers[i], rows);
                            }
                        }
                        batch.rows = rows;
                        ready.add(batch);
                        left -= rows;
                    }
                }
                Batch end = free.take();
                end.rows = 0;
                ready.add(end);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closed: nobody waits for this file any more
            } catch (IOException | RuntimeException | Error e) {
                Batch failed = new Batch(TableColumns.this, null);
                failed.failure = e;
                ready.add(failed);
            }
        }
    }

    /**
     * A required numeric column decoded straight from its pages: PLAIN values are copied in bulk from the page's
     * little-endian bytes, delta-packed ints decoded a miniblock at a time ({@link DeltaInts}), other encodings
     * (dictionaries, delta longs) go through parquet-java's values readers. What the
     * record-level column reader adds (levels, converters, a call per value) is skipped: a required column has no
     * levels, and its values start at the page's first byte in data pages of both versions.
     */
    private static final class PageColumn {
        private final ColumnDescriptor descriptor;
        private final PageReader pages;
        private final Dictionary dictionary;
        private ByteBuffer plain;
        private DeltaInts delta;
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

        void read(Column out, int count) throws IOException {
            for (int at = 0; at < count; ) {
                if (leftInPage == 0) {
                    nextPage();
                }
                int n = Math.min(leftInPage, count - at);
                if (delta != null) {
                    delta.read(out.ints, at, n);
                } else if (plain != null) {
                    switch (out.type) {
                        case INT32 -> plain.asIntBuffer().get(out.ints, at, n);
                        case INT64 -> plain.asLongBuffer().get(out.longs, at, n);
                        case FLOAT -> plain.asFloatBuffer().get(out.floats, at, n);
                        default -> plain.asDoubleBuffer().get(out.doubles, at, n);
                    }
                    plain.position(plain.position() + n * (out.type == PrimitiveTypeName.INT32
                            || out.type == PrimitiveTypeName.FLOAT ? 4 : 8));
                } else {
                    switch (out.type) {
                        case INT32 -> {
                            int[] ints = out.ints;
                            for (int i = at; i < at + n; i++) {
                                ints[i] = values.readInteger();
                            }
                        }
                        case INT64 -> {
                            long[] longs = out.longs;
                            for (int i = at; i < at + n; i++) {
                                longs[i] = values.readLong();
                            }
                        }
                        case FLOAT -> {
                            float[] floats = out.floats;
                            for (int i = at; i < at + n; i++) {
                                floats[i] = values.readFloat();
                            }
                        }
                        default -> {
                            double[] doubles = out.doubles;
                            for (int i = at; i < at + n; i++) {
                                doubles[i] = values.readDouble();
                            }
                        }
                    }
                }
                leftInPage -= n;
                at += n;
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
                delta = new DeltaInts(bytes.slice());
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

    /** The column readers need a converter tree; values are taken with the readers' getters instead. */
    private static final class IgnoringConverter extends GroupConverter {
        private final PrimitiveConverter primitive = new PrimitiveConverter() {
        };
        private final int fields;

        IgnoringConverter(MessageType schema) {
            this.fields = schema.getFieldCount();
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            if (fieldIndex >= fields) {
                throw new IndexOutOfBoundsException(fieldIndex);
            }
            return primitive;
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }
}
