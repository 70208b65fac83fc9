package org.connectome.stats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads one recurrent Parquet file front to back into a {@link RecurrentRun}, with parquet-java's column
 * readers (row groups in file order, values in row order): the order the writer sorted them in.
 */
public final class ParquetRunReader {
    /** Column readers are pulled directly; no record assembly, so the converters are never called. */
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

    private ParquetRunReader() {
    }

    /** A file whose columns are not top-level INT32/INT64 ids and FLOAT/DOUBLE/INT32/INT64 values. */
    public static final class UnsupportedLayoutException extends IOException {
        private static final long serialVersionUID = 1L;

        UnsupportedLayoutException(String message) {
            super(message);
        }
    }

    /**
     * The run of one file. {@code delays} reads the {@code delay} column too; {@code beforeRowGroup} runs before
     * each row group (a task checks there whether it was cancelled).
     */
    public static RecurrentRun read(Configuration conf, String file, RunSettings settings, boolean delays,
            Runnable beforeRowGroup) throws IOException {
        RecurrentRun run = new RecurrentRun(settings);
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), conf))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<ColumnDescriptor> columns = new ArrayList<>();
            for (String name : delays ? List.of("post", "pre", "weight", "delay") : List.of("post", "pre", "weight")) {
                columns.add(column(schema, name, file, name.startsWith("p")));
            }
            reader.setRequestedSchema(columns);
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            PageReadStore pages;
            while (true) {
                beforeRowGroup.run();
                pages = reader.readNextRowGroup();
                if (pages == null) {
                    break;
                }
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, NO_RECORDS, schema, createdBy);
                Values post = values(pages, store, columns.get(0));
                Values pre = values(pages, store, columns.get(1));
                Values weight = values(pages, store, columns.get(2));
                Values delay = delays ? values(pages, store, columns.get(3)) : null;
                for (long row = pages.getRowCount(); row > 0; row--) {
                    long postId = post.nextId();
                    long preId = pre.nextId();
                    boolean weightNull = weight.isNull();
                    double w = weight.nextDouble();
                    double d = delay == null ? Double.NaN : delay.nextDouble();
                    run.add(postId, preId, w, weightNull, d);
                }
            }
        }
        return run.finish();
    }

    private static ColumnDescriptor column(MessageType schema, String name, String file, boolean id)
            throws UnsupportedLayoutException {
        if (!schema.containsField(name)) {
            throw new UnsupportedLayoutException(file + " has no column " + name);
        }
        Type type = schema.getType(name);
        if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
            throw new UnsupportedLayoutException(file + ": column " + name + " is not a plain value");
        }
        PrimitiveType.PrimitiveTypeName primitive = type.asPrimitiveType().getPrimitiveTypeName();
        boolean supported = switch (primitive) {
            case INT32, INT64 -> true;
            case FLOAT, DOUBLE -> !id;
            default -> false;
        };
        if (!supported) {
            throw new UnsupportedLayoutException(file + ": column " + name + " is " + primitive);
        }
        return schema.getColumnDescription(new String[] {name});
    }

    /** A column's values: page by page when it is required (no levels to decode), else by its column reader. */
    private static Values values(PageReadStore pages, ColumnReadStoreImpl store, ColumnDescriptor column)
            throws IOException {
        return column.getMaxDefinitionLevel() == 0 && column.getMaxRepetitionLevel() == 0
                ? new RequiredValues(pages.getPageReader(column), column)
                : new ReaderValues(store.getColumnReader(column));
    }

    /** One column's values in row order. */
    private interface Values {
        boolean isNull();

        long nextId() throws IOException;

        double nextDouble() throws IOException;
    }

    /**
     * A required column decoded page by page with the page's own values reader: parquet-java's column reader
     * costs ~30 ns a value in level bookkeeping, which a column without nulls does not need.
     */
    private static final class RequiredValues implements Values {
        private final PageReader pages;
        private final ColumnDescriptor column;
        private final Dictionary dictionary;
        private final boolean int32;
        private final PrimitiveType.PrimitiveTypeName type;
        private ValuesReader page;
        /** A PLAIN page of FLOAT or DOUBLE values, read straight from its bytes (little-endian). */
        private java.nio.ByteBuffer plain;
        private int left;

        RequiredValues(PageReader pages, ColumnDescriptor column) throws IOException {
            this.pages = pages;
            this.column = column;
            DictionaryPage dictionaryPage = pages.readDictionaryPage();
            this.dictionary = dictionaryPage == null ? null
                    : dictionaryPage.getEncoding().initDictionary(column, dictionaryPage);
            this.type = column.getPrimitiveType().getPrimitiveTypeName();
            this.int32 = type == PrimitiveType.PrimitiveTypeName.INT32;
        }

        @Override
        public boolean isNull() {
            return false;
        }

        private ValuesReader current() throws IOException {
            while (left == 0) {
                DataPage next = pages.readPage();
                if (next == null) {
                    throw new IOException("column " + column + " ends before its row group");
                }
                left = next.getValueCount();
                page = next.accept(new DataPage.Visitor<ValuesReader>() {
                    @Override
                    public ValuesReader visit(DataPageV1 v1) {
                        return open(v1.getValueEncoding(), v1.getValueCount(), v1.getBytes());
                    }

                    @Override
                    public ValuesReader visit(DataPageV2 v2) {
                        return open(v2.getDataEncoding(), v2.getValueCount(), v2.getData());
                    }
                });
            }
            left--;
            return page;
        }

        private ValuesReader open(Encoding encoding, int count, BytesInput bytes) {
            plain = null;
            if (encoding == Encoding.PLAIN && (type == PrimitiveType.PrimitiveTypeName.DOUBLE
                    || type == PrimitiveType.PrimitiveTypeName.FLOAT)) {
                try {
                    plain = bytes.toByteBuffer().slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return null;
            }
            ValuesReader reader = encoding.usesDictionary()
                    ? encoding.getDictionaryBasedValuesReader(column, ValuesType.VALUES, dictionary)
                    : encoding.getValuesReader(column, ValuesType.VALUES);
            try {
                reader.initFromPage(count, bytes.toInputStream());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return reader;
        }

        @Override
        public long nextId() throws IOException {
            ValuesReader values = current();
            return int32 ? values.readInteger() : values.readLong();
        }

        @Override
        public double nextDouble() throws IOException {
            ValuesReader values = current();
            if (plain != null) {
                return type == PrimitiveType.PrimitiveTypeName.DOUBLE ? plain.getDouble() : plain.getFloat();
            }
            return switch (type) {
                case DOUBLE -> values.readDouble();
                case FLOAT -> values.readFloat();
                case INT32 -> values.readInteger();
                default -> values.readLong();
            };
        }
    }

    /** A column with levels (nullable), read by parquet-java's column reader. */
    private static final class ReaderValues implements Values {
        private final ColumnReader reader;
        private final int defined;
        private final PrimitiveType.PrimitiveTypeName type;

        ReaderValues(ColumnReader reader) {
            this.reader = reader;
            this.defined = reader.getDescriptor().getMaxDefinitionLevel();
            this.type = reader.getDescriptor().getPrimitiveType().getPrimitiveTypeName();
        }

        @Override
        public boolean isNull() {
            return reader.getCurrentDefinitionLevel() < defined;
        }

        @Override
        public long nextId() {
            long value;
            if (isNull()) {
                value = RecurrentRun.NULL_ID;
            } else {
                value = type == PrimitiveType.PrimitiveTypeName.INT32 ? reader.getInteger() : reader.getLong();
            }
            reader.consume();
            return value;
        }

        @Override
        public double nextDouble() {
            double value;
            if (isNull()) {
                value = Double.NaN;
            } else {
                value = switch (type) {
                    case DOUBLE -> reader.getDouble();
                    case FLOAT -> reader.getFloat();
                    case INT32 -> reader.getInteger();
                    case INT64 -> reader.getLong();
                    default -> throw new IllegalStateException(type.toString());
                };
            }
            reader.consume();
            return value;
        }
    }
}
