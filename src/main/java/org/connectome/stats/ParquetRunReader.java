package org.connectome.stats;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.connectome.parquet.ColumnFile;
import org.connectome.parquet.ColumnValues;

/**
 * Reads one recurrent Parquet file front to back into a {@link RecurrentRun}, decoded batch by batch with the
 * tables' page-level reader ({@link ColumnFile}: row groups in file order, values in row order), the order the
 * writer sorted them in.
 */
public final class ParquetRunReader {
    /** Rows decoded at a time: the columns' batches stay in the CPU's cache. */
    private static final int BATCH_ROWS = 4096;

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
        try (ColumnFile reader = ColumnFile.open(conf, new Path(file))) {
            List<String> names = delays ? List.of("post", "pre", "weight", "delay") : List.of("post", "pre", "weight");
            for (String name : names) {
                check(reader.schema(), name, file, name.startsWith("p"));
            }
            reader.select(names);
            ColumnValues[] batch = reader.batch(BATCH_ROWS);
            ColumnValues post = batch[0];
            ColumnValues pre = batch[1];
            ColumnValues weight = batch[2];
            ColumnValues delay = delays ? batch[3] : null;
            while (true) {
                beforeRowGroup.run();
                long left = reader.nextRowGroup();
                if (left < 0) {
                    break;
                }
                while (left > 0) {
                    int rows = (int) Math.min(left, BATCH_ROWS);
                    reader.read(batch, rows);
                    for (int i = 0; i < rows; i++) {
                        long postId = post.isNull(i) ? RecurrentRun.NULL_ID : post.id(i);
                        long preId = pre.isNull(i) ? RecurrentRun.NULL_ID : pre.id(i);
                        boolean weightNull = weight.isNull(i);
                        double w = weightNull ? Double.NaN : weight.number(i);
                        double d = delay == null || delay.isNull(i) ? Double.NaN : delay.number(i);
                        run.add(postId, preId, w, weightNull, d);
                    }
                    left -= rows;
                }
            }
        }
        return run.finish();
    }

    private static void check(MessageType schema, String name, String file, boolean id)
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
    }
}
