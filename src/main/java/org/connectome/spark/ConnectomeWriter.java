package org.connectome.spark;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import org.connectome.engine.ConnectomeGenerator;
import org.connectome.engine.GenerateOptions;
import org.connectome.parquet.ParquetLayout;

/**
 * Writes a connectome with Spark: the {@link ConnectomeGenerator} on a {@link SparkEngine}, its slices as the
 * tasks of one job (SPEC 4).
 */
public final class ConnectomeWriter {
    private final ConnectomeGenerator generator;

    public ConnectomeWriter(SparkSession spark, PrintStream console, ParquetLayout layout) {
        this.generator = new ConnectomeGenerator(new SparkEngine(spark), console, layout);
    }

    /** Generates and publishes the connectome at {@code out}; see {@link ConnectomeGenerator#write}. */
    public ConnectomeGenerator.Result write(SourceOptions source, String out, boolean overwrite) {
        return generator.write(new GenerateOptions(source.model(), source.weightType(), source.partitions(),
                source.blockRows(), source.partitionRows()), out, overwrite);
    }

    public ConnectomeGenerator.Result write(GenerateOptions options, String out, boolean overwrite) {
        return generator.write(options, out, overwrite);
    }
}
