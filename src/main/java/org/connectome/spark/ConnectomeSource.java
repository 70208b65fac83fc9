package org.connectome.spark;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.connectome.engine.ConnectomeGenerator;

/**
 * The {@code connectome} data source: a virtual connectome, generated where it is read.
 *
 * <pre>{@code
 * spark.read.format("connectome").option("neurons", "100000").option("p", "0.01").option("seed", "7")
 *      .option("table", "recurrent").load()
 * CREATE TEMPORARY VIEW c USING connectome OPTIONS (neurons '100000', p '0.01', seed '7')
 * }</pre>
 *
 * Each Spark partition generates a slice of whole rows straight into columnar batches, with no shuffle and
 * no communication; the rows are the same for any partitioning.
 */
public final class ConnectomeSource implements TableProvider, DataSourceRegister {
    public static final String SHORT_NAME = "connectome";

    @Override
    public String shortName() {
        return SHORT_NAME;
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return schemaOf(SourceOptions.parse(options));
    }

    private static StructType schemaOf(SourceOptions options) {
        return TableSchemas.of(options.table(), options.weightType());
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        SourceOptions options = SourceOptions.parse(properties);
        ConnectomeGenerator.requireRepairable(options.model());
        return new ConnectomeTable(options);
    }

}
