package org.connectome.bench;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The write floor: M rows of the recurrent table's schema and shape, as cheap to make as rows can be, read by
 * Spark exactly as the {@code connectome} source is read (columnar batches of the same size, one partition per
 * slice of rows), so that writing them to Parquet costs what writing the connectome costs without its kernel.
 *
 * <p>Row r has {@code post = floor(r N / M)} (sorted, M/N rows per post), a {@code pre} ascending within its post by
 * random gaps of mean about N/k (so delta encoding costs the bytes it costs the connectome: 8.81 against 8.91 bytes per
 * row at N = 1e4, 10.27 against 10.27 at N = 1e5, k = 1000 and 100) and a {@code weight} with 52 random mantissa bits
 * (incompressible, like a Gaussian draw). Gaps and weights are read from random tables made once per partition: a
 * few nanoseconds a row against the writer's ~200, so the floor is the write alone.
 *
 * <p>Options: {@code rows} (M), {@code neurons} (N), {@code partitions}.
 */
public final class FloorSource implements TableProvider {
    static final StructType SCHEMA = new StructType()
            .add("post", DataTypes.IntegerType, false)
            .add("pre", DataTypes.IntegerType, false)
            .add("weight", DataTypes.DoubleType, false);
    static final int BATCH_ROWS = 1 << 16;
    /** 2 MB of random weights per reader, four times a Parquet page of them. */
    static final int WEIGHT_POOL = 1 << 18;
    static final int GAP_POOL = 1 << 18;

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return SCHEMA;
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        long rows = Long.parseLong(properties.get("rows"));
        long neurons = Long.parseLong(properties.get("neurons"));
        int partitions = Integer.parseInt(properties.get("partitions"));
        boolean columnar = !"false".equals(properties.getOrDefault("columnar", "true"));
        return new FloorTable(rows, neurons, partitions, columnar);
    }

    /** The first row of a post: about ceil(post M / N), monotone in post (one formula for planner and reader). */
    static long firstRow(long post, long rows, long neurons) {
        return post >= neurons ? rows : Math.min(rows, (long) Math.ceil((double) post * rows / neurons));
    }

    record Range(long rows, long neurons, long start, long end) implements InputPartition {
    }

    static final class FloorTable implements SupportsRead, ScanBuilder, Scan, Batch {
        private final long rows;
        private final long neurons;
        private final int partitions;
        private final boolean columnar;

        FloorTable(long rows, long neurons, int partitions, boolean columnar) {
            this.rows = rows;
            this.neurons = neurons;
            this.partitions = partitions;
            this.columnar = columnar;
        }

        @Override
        public String name() {
            return "floor";
        }

        @Override
        public StructType schema() {
            return SCHEMA;
        }

        @Override
        public Set<TableCapability> capabilities() {
            return EnumSet.of(TableCapability.BATCH_READ);
        }

        @Override
        public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
            return this;
        }

        @Override
        public Scan build() {
            return this;
        }

        @Override
        public StructType readSchema() {
            return SCHEMA;
        }

        @Override
        public Batch toBatch() {
            return this;
        }

        @Override
        public InputPartition[] planInputPartitions() {
            InputPartition[] ranges = new InputPartition[partitions];
            for (int i = 0; i < partitions; i++) {
                // Whole posts per partition, like the connectome's slices.
                long firstPost = neurons * i / partitions;
                long endPost = neurons * (i + 1) / partitions;
                ranges[i] = new Range(rows, neurons, firstRow(firstPost), firstRow(endPost));
            }
            return ranges;
        }

        private long firstRow(long post) {
            return FloorSource.firstRow(post, rows, neurons);
        }

        @Override
        public PartitionReaderFactory createReaderFactory() {
            return new Factory(columnar);
        }
    }

    static final class Factory implements PartitionReaderFactory {
        private static final long serialVersionUID = 1L;
        private final boolean columnar;

        Factory(boolean columnar) {
            this.columnar = columnar;
        }

        @Override
        public boolean supportColumnarReads(InputPartition partition) {
            return columnar;
        }

        /** Rows one by one from the same batches (an experiment: Spark's row path skips ColumnarToRow). */
        @Override
        public PartitionReader<InternalRow> createReader(InputPartition partition) {
            Reader batches = new Reader((Range) partition);
            org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter writer =
                    new org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter(3);
            return new PartitionReader<>() {
                private int index;
                private int size;

                @Override
                public boolean next() {
                    if (++index < size) {
                        return true;
                    }
                    if (!batches.next()) {
                        return false;
                    }
                    index = 0;
                    size = batches.get().numRows();
                    return true;
                }

                @Override
                public InternalRow get() {
                    writer.reset();
                    writer.write(0, batches.post[index]);
                    writer.write(1, batches.pre[index]);
                    writer.write(2, batches.weight[index]);
                    return writer.getRow();
                }

                @Override
                public void close() {
                    batches.close();
                }
            };
        }

        @Override
        public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
            return new Reader((Range) partition);
        }
    }

    static final class Reader implements PartitionReader<ColumnarBatch> {
        private final long rows;
        private final long neurons;
        private final long end;
        private final int[] post = new int[BATCH_ROWS];
        private final int[] pre = new int[BATCH_ROWS];
        private final double[] weight = new double[BATCH_ROWS];
        private final OnHeapColumnVector postColumn = new OnHeapColumnVector(BATCH_ROWS, DataTypes.IntegerType);
        private final OnHeapColumnVector preColumn = new OnHeapColumnVector(BATCH_ROWS, DataTypes.IntegerType);
        private final OnHeapColumnVector weightColumn = new OnHeapColumnVector(BATCH_ROWS, DataTypes.DoubleType);
        private final ColumnarBatch batch =
                new ColumnarBatch(new ColumnVector[] {postColumn, preColumn, weightColumn});
        private long row;
        private long state;
        // The current post, its rows [postStart, postEnd), and the row's place in it.
        private long currentPost;
        private long postEnd;
        private long prePosition;
        private int gapIndex;
        /**
         * Gaps between consecutive pres of a post, uniform on [1, 2g - 1] with g = N / (k + 1) for k rows per post:
         * a post's pres are a running sum from a random place in this pool, so they ascend with the gaps of a sorted
         * uniform sample and their delta encoding never repeats (snappy finds nothing to shorten).
         */
        private final int[] gaps = new int[GAP_POOL];
        private final int meanGap;
        /** Random weights, read from a random offset each batch: a page never holds a repeat. */
        private final double[] weights = new double[WEIGHT_POOL];

        Reader(Range range) {
            this.rows = range.rows();
            this.neurons = range.neurons();
            this.row = range.start();
            this.end = range.end();
            this.state = 0x9E3779B97F4A7C15L * (range.start() + 1) | 1;
            meanGap = (int) Math.max(1, neurons / (rows / Math.max(1, neurons) + 1));
            for (int j = 0; j < GAP_POOL; j++) {
                gaps[j] = 1 + (int) (((nextRandom() >>> 11) * 0x1.0p-53) * (2 * meanGap - 1));
            }
            for (int i = 0; i < WEIGHT_POOL; i++) {
                weights[i] = 0.1 + ((nextRandom() >>> 11) * 0x1.0p-53 - 0.5) * 0.2;
            }
            // The post of the first row, then walk.
            currentPost = (long) ((double) row * neurons / Math.max(1, rows));
            while (firstRow(currentPost + 1) <= row) {
                currentPost++;
            }
            while (currentPost > 0 && firstRow(currentPost) > row) {
                currentPost--;
            }
            postEnd = firstRow(currentPost + 1);
            startPost();
        }

        private void startPost() {
            prePosition = (nextRandom() >>> 33) % meanGap;
            gapIndex = (int) (nextRandom() >>> 40);
        }

        private long nextRandom() {
            long x = state;
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            state = x;
            return x;
        }

        private long firstRow(long p) {
            return FloorSource.firstRow(p, rows, neurons);
        }

        /** A few nanoseconds a row: a counter for post, table reads for pre and weight. */
        @Override
        public boolean next() {
            int n = (int) Math.min(BATCH_ROWS, end - row);
            if (n <= 0) {
                return false;
            }
            int offset = (int) (nextRandom() >>> 40);
            for (int i = 0; i < n; i++, row++) {
                if (row >= postEnd) {
                    do {
                        currentPost++;
                        postEnd = firstRow(currentPost + 1);
                    } while (row >= postEnd);
                    startPost();
                }
                post[i] = (int) currentPost;
                pre[i] = (int) Math.min(prePosition, neurons - 1);
                prePosition += gaps[gapIndex++ & (GAP_POOL - 1)];
                weight[i] = weights[(offset + i) & (WEIGHT_POOL - 1)];
            }
            postColumn.putInts(0, n, post, 0);
            preColumn.putInts(0, n, pre, 0);
            weightColumn.putDoubles(0, n, weight, 0);
            batch.setNumRows(n);
            return true;
        }

        @Override
        public ColumnarBatch get() {
            return batch;
        }

        @Override
        public void close() {
            batch.close();
        }
    }
}
