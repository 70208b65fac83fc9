package org.connectome.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.factory.DefaultV2ValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Parquet v2's encodings (DELTA_BINARY_PACKED ints, dictionary where enabled), written leaner where no dictionary or
 * byte stream split is asked for: INT32 columns get {@link DeltaBinaryPackedEncoder}, DOUBLE and FLOAT columns
 * {@link PlainFloatingPointWriter}, each the same bytes as parquet-java's writer.
 */
final class LeanValuesWriterFactory implements ValuesWriterFactory {
    private final DefaultV2ValuesWriterFactory defaults = new DefaultV2ValuesWriterFactory();
    private ParquetProperties properties;

    @Override
    public void initialize(ParquetProperties properties) {
        this.properties = properties;
        defaults.initialize(properties);
    }

    @Override
    public ValuesWriter newValuesWriter(ColumnDescriptor descriptor) {
        PrimitiveTypeName type = descriptor.getPrimitiveType().getPrimitiveTypeName();
        if (properties.isDictionaryEnabled(descriptor) || properties.isByteStreamSplitEnabled(descriptor)) {
            return defaults.newValuesWriter(descriptor);
        }
        // A page is cut once its values reach the threshold, after a batch: room for that batch too.
        int initialBytes = properties.getPageSizeThreshold() + (properties.getPageSizeThreshold() >> 2);
        return switch (type) {
            case INT32 -> new DeltaBinaryPackedEncoder(initialBytes);
            case DOUBLE, FLOAT -> new PlainFloatingPointWriter(initialBytes);
            default -> defaults.newValuesWriter(descriptor);
        };
    }
}
