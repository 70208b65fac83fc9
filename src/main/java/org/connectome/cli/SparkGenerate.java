package org.connectome.cli;

import org.connectome.engine.ConnectomeGenerator;
import org.connectome.engine.GenerateOptions;
import org.connectome.parquet.ParquetLayout;
import org.connectome.spark.ConnectomeWriter;

/**
 * {@code generate} on Spark (spark-submit, a CONNECTOME_MASTER, a session already active). A class of its own, so
 * that the local engine's path never loads a Spark class.
 */
final class SparkGenerate {
    private SparkGenerate() {
    }

    static ConnectomeGenerator.Result write(GenerateOptions options, ParquetLayout layout, String out,
            boolean overwrite) {
        try (SparkSessions.Handle spark = SparkSessions.open("connectome generate")) {
            return new ConnectomeWriter(spark.session(), System.err, layout).write(options, out, overwrite);
        }
    }
}
