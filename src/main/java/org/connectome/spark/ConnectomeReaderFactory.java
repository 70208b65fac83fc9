package org.connectome.spark;

import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.connectome.kernel.EdgeStream;
import org.connectome.kernel.Slice;
import org.connectome.model.EdgeTable;
import org.connectome.model.WeightType;

/** Generates a slice straight into reused on-heap columnar batches: no per-row object. */
final class ConnectomeReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;
    /** Rows of a batch: 1.1 MB of columns, the size Spark's own vectorized readers use order of. */
    static final int BATCH_ROWS = 1 << 16;

    private final SourceOptions options;

    ConnectomeReaderFactory(SourceOptions options) {
        this.options = options;
    }

    @Override
    public boolean supportColumnarReads(InputPartition partition) {
        return true;
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        throw new UnsupportedOperationException("the connectome source reads columnar batches only");
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
        Slice slice = ((SlicePartition) partition).slice();
        if (options.table() == EdgeTable.NEURONS) {
            return new NeuronReader(slice, options.model().excitatoryNeurons());
        }
        return new EdgeReader(slice.edges(options.model(), options.table()),
                options.weightType().of(options.table()) == WeightType.FLOAT);
    }

    /** A reader that refills one reused batch. */
    private abstract static class BatchReader implements PartitionReader<ColumnarBatch> {
        protected final ColumnarBatch batch;

        BatchReader(ColumnVector... columns) {
            this.batch = new ColumnarBatch(columns);
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

    /** Rows of an edge table from the kernel's stream. */
    private static final class EdgeReader extends BatchReader {
        private final EdgeStream edges;
        private final int[] first = new int[BATCH_ROWS];
        private final int[] second = new int[BATCH_ROWS];
        private final double[] weight = new double[BATCH_ROWS];
        private final OnHeapColumnVector firstColumn;
        private final OnHeapColumnVector secondColumn;
        private final OnHeapColumnVector weightColumn;
        private final boolean floats;

        EdgeReader(EdgeStream edges, boolean floats) {
            this(edges, floats, new OnHeapColumnVector(BATCH_ROWS, DataTypes.IntegerType),
                    new OnHeapColumnVector(BATCH_ROWS, DataTypes.IntegerType),
                    new OnHeapColumnVector(BATCH_ROWS, floats ? DataTypes.FloatType : DataTypes.DoubleType));
        }

        private EdgeReader(EdgeStream edges, boolean floats, OnHeapColumnVector firstColumn,
                OnHeapColumnVector secondColumn, OnHeapColumnVector weightColumn) {
            super(firstColumn, secondColumn, weightColumn);
            this.edges = edges;
            this.floats = floats;
            this.firstColumn = firstColumn;
            this.secondColumn = secondColumn;
            this.weightColumn = weightColumn;
        }

        @Override
        public boolean next() {
            int rows = edges.fill(first, second, weight, BATCH_ROWS);
            if (rows == 0) {
                return false;
            }
            firstColumn.putInts(0, rows, first, 0);
            secondColumn.putInts(0, rows, second, 0);
            if (floats) {
                for (int i = 0; i < rows; i++) {
                    weightColumn.putFloat(i, (float) weight[i]); // the double weight rounded to the nearest float
                }
            } else {
                weightColumn.putDoubles(0, rows, weight, 0);
            }
            batch.setNumRows(rows);
            return true;
        }
    }

    /** The neurons table: ids of the slice with their population. */
    private static final class NeuronReader extends BatchReader {
        private static final byte[] EXCITATORY = "E".getBytes(StandardCharsets.UTF_8);
        private static final byte[] INHIBITORY = "I".getBytes(StandardCharsets.UTF_8);

        private final long end;
        private final int excitatory;
        private final OnHeapColumnVector idColumn;
        private final OnHeapColumnVector populationColumn;
        private long next;

        NeuronReader(Slice slice, int excitatory) {
            this(slice, excitatory, new OnHeapColumnVector(BATCH_ROWS, DataTypes.IntegerType),
                    new OnHeapColumnVector(BATCH_ROWS, DataTypes.StringType));
        }

        private NeuronReader(Slice slice, int excitatory, OnHeapColumnVector idColumn,
                OnHeapColumnVector populationColumn) {
            super(idColumn, populationColumn);
            this.next = slice.start();
            this.end = slice.end();
            this.excitatory = excitatory;
            this.idColumn = idColumn;
            this.populationColumn = populationColumn;
        }

        @Override
        public boolean next() {
            int rows = (int) Math.min(BATCH_ROWS, end - next);
            if (rows <= 0) {
                return false;
            }
            populationColumn.reset();
            for (int i = 0; i < rows; i++) {
                int id = (int) (next + i);
                idColumn.putInt(i, id);
                populationColumn.putByteArray(i, id < excitatory ? EXCITATORY : INHIBITORY);
            }
            next += rows;
            batch.setNumRows(rows);
            return true;
        }
    }
}
