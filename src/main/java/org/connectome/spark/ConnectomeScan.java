package org.connectome.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.types.StructType;
import org.connectome.engine.GenerateOptions;
import org.connectome.kernel.Slice;

/**
 * Plans a table's slices as input partitions; the rows are exactly known in advance. Range filters on the
 * first column (post, output or id) are pushed down: only the rows they can match are generated. Spark still
 * applies every filter after the scan, so pushing is only ever an optimization.
 */
final class ConnectomeScan implements ScanBuilder, Scan, Batch, SupportsReportStatistics, SupportsPushDownFilters {
    private final SourceOptions options;
    /** First-column values that can match the pushed filters: [low, high). */
    private long low = Long.MIN_VALUE;
    private long high = Long.MAX_VALUE;
    private Filter[] pushed = new Filter[0];

    ConnectomeScan(SourceOptions options) {
        this.options = options;
    }

    @Override
    public Scan build() {
        return this;
    }

    @Override
    public Filter[] pushFilters(Filter[] filters) {
        String column = options.table().firstColumn();
        List<Filter> used = new ArrayList<>();
        for (Filter filter : filters) {
            if (narrow(filter, column)) {
                used.add(filter);
            }
        }
        pushed = used.toArray(Filter[]::new);
        return filters;
    }

    @Override
    public Filter[] pushedFilters() {
        return pushed;
    }

    /** Narrows [low, high) by a comparison of the first column with a whole number; false if not such one. */
    private boolean narrow(Filter filter, String column) {
        if (filter instanceof EqualTo f && column.equals(f.attribute()) && f.value() instanceof Number n) {
            low = Math.max(low, n.longValue());
            high = Math.min(high, n.longValue() + 1);
        } else if (filter instanceof GreaterThan f && column.equals(f.attribute()) && f.value() instanceof Number n) {
            low = Math.max(low, n.longValue() + 1);
        } else if (filter instanceof GreaterThanOrEqual f && column.equals(f.attribute())
                && f.value() instanceof Number n) {
            low = Math.max(low, n.longValue());
        } else if (filter instanceof LessThan f && column.equals(f.attribute()) && f.value() instanceof Number n) {
            high = Math.min(high, n.longValue());
        } else if (filter instanceof LessThanOrEqual f && column.equals(f.attribute())
                && f.value() instanceof Number n) {
            high = Math.min(high, n.longValue() + 1);
        } else {
            return false;
        }
        return true;
    }

    @Override
    public StructType readSchema() {
        return TableSchemas.of(options.table(), options.weightType());
    }

    @Override
    public String description() {
        String range = low == Long.MIN_VALUE && high == Long.MAX_VALUE ? ""
                : " where " + low + " <= first column < " + high;
        return "connectome " + options.table().tableName() + range + " of " + options.model();
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        long[] units = Slice.unitsOfFirstColumn(options.model(), options.table(), low, high);
        List<Slice> slices = Slice.plan(options.model(), options.table(), options.blockRows(), partitionCount(),
                units[0], units[1]);
        return slices.stream().map(SlicePartition::new).toArray(InputPartition[]::new);
    }

    /** As asked, or enough partitions of about partition-rows rows, a multiple of the cluster's parallelism. */
    int partitionCount() {
        return GenerateOptions.sliceCount(options.model().rowCount(options.table()), options.partitions(),
                options.partitionRows(), SparkSession.active().sparkContext().defaultParallelism());
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
