package org.connectome.export;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
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
 * sort order, batch by batch: parquet-java's column readers straight on the pages, no Spark, no records. Holds
 * one row group's pages of the chosen columns and the batch, whatever the table's size.
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

        void read(ColumnReader reader, int count) {
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
    }

    private final Configuration conf;
    private final List<FileStatus> files;
    private final String[] names;
    private final MessageType projection;
    private final PrimitiveTypeName[] types;
    private final Column[] batch;
    private int nextFile;
    private ParquetFileReader reader;
    private ColumnReader[] readers;
    private long leftInRowGroup;

    private TableColumns(Configuration conf, List<FileStatus> files, String[] names, MessageType projection,
            PrimitiveTypeName[] types, int capacity) {
        this.conf = conf;
        this.files = files;
        this.names = names;
        this.projection = projection;
        this.types = types;
        this.batch = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            batch[i] = new Column(names[i], types[i], capacity);
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
        return batch[requireIndex(name)];
    }

    /** Reads the next batch into the columns; returns its rows, 0 at the end of the table. */
    int next() throws IOException {
        while (leftInRowGroup == 0) {
            if (!advance()) {
                return 0;
            }
        }
        int rows = (int) Math.min(leftInRowGroup, batch.length == 0 ? 0 : capacity());
        for (int i = 0; i < batch.length; i++) {
            batch[i].read(readers[i], rows);
        }
        leftInRowGroup -= rows;
        return rows;
    }

    private int capacity() {
        Column column = batch[0];
        return switch (column.type) {
            case INT32 -> column.ints.length;
            case INT64 -> column.longs.length;
            case FLOAT -> column.floats.length;
            case DOUBLE -> column.doubles.length;
            default -> column.binaries.length;
        };
    }

    /** Moves to the next row group, opening the next file when needed; false at the end. */
    private boolean advance() throws IOException {
        while (true) {
            if (reader != null) {
                PageReadStore pages = reader.readNextRowGroup();
                if (pages != null) {
                    ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new IgnoringConverter(projection),
                            projection, reader.getFileMetaData().getCreatedBy());
                    readers = new ColumnReader[names.length];
                    for (int i = 0; i < names.length; i++) {
                        ColumnDescriptor descriptor = projection.getColumnDescription(new String[] {names[i]});
                        readers[i] = store.getColumnReader(descriptor);
                    }
                    leftInRowGroup = pages.getRowCount();
                    return true;
                }
                reader.close();
                reader = null;
            }
            if (nextFile == files.size()) {
                return false;
            }
            FileStatus file = files.get(nextFile++);
            reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf));
            MessageType schema = reader.getFileMetaData().getSchema();
            for (int i = 0; i < names.length; i++) {
                if (!schema.containsField(names[i]) || schema.getType(names[i]).asPrimitiveType()
                        .getPrimitiveTypeName() != types[i]) {
                    throw new IOException(file.getPath() + ": column '" + names[i] + "' differs from the first file's"
                            + " (" + types[i] + ")");
                }
            }
            reader.setRequestedSchema(projection);
        }
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
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
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
