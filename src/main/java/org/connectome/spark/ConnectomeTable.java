package org.connectome.spark;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** One table of a virtual connectome. */
final class ConnectomeTable implements SupportsRead {
    private final SourceOptions options;

    ConnectomeTable(SourceOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "connectome." + options.table().tableName();
    }

    @Override
    public StructType schema() {
        return TableSchemas.of(options.table(), options.weightType());
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
        return new ConnectomeScan(options);
    }
}
