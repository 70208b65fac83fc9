package org.connectome.spark;

import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.types.StructType;
import org.connectome.kernel.Slice;

/** Plans a table's slices as input partitions; the rows are exactly known in advance. */
final class ConnectomeScan implements ScanBuilder, Scan, Batch, SupportsReportStatistics {
    private final SourceOptions options;

    ConnectomeScan(SourceOptions options) {
        this.options = options;
    }

    @Override
    public Scan build() {
        return this;
    }

    @Override
    public StructType readSchema() {
        return TableSchemas.of(options.table());
    }

    @Override
    public String description() {
        return "connectome " + options.table().tableName() + " of " + options.model();
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        List<Slice> slices = Slice.plan(options.model(), options.table(), options.blockRows(), partitionCount());
        return slices.stream().map(SlicePartition::new).toArray(InputPartition[]::new);
    }

    /** As asked, or enough partitions of about partition-rows rows, a multiple of the cluster's parallelism. */
    int partitionCount() {
        if (options.partitions() > 0) {
            return options.partitions();
        }
        long rows = options.model().rowCount(options.table());
        int parallelism = SparkSession.active().sparkContext().defaultParallelism();
        long wanted = (rows + options.partitionRows() - 1) / options.partitionRows();
        long rounded = (wanted + parallelism - 1) / parallelism * parallelism;
        return (int) Math.min(Math.max(rounded, parallelism), 1_000_000);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new ConnectomeReaderFactory(options);
    }

    @Override
    public Statistics estimateStatistics() {
        long rows = options.model().rowCount(options.table());
        return new Statistics() {
            @Override
            public OptionalLong sizeInBytes() {
                return OptionalLong.of(rows * 16);
            }

            @Override
            public OptionalLong numRows() {
                return OptionalLong.of(rows);
            }
        };
    }
}
