package org.connectome.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.factory.DefaultV2ValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Parquet v2's encodings (DELTA_BINARY_PACKED ints, dictionary where enabled), except that DOUBLE and FLOAT columns
 * without a dictionary get {@link PlainFloatingPointWriter}: the same PLAIN bytes, written leaner.
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
        boolean floating = type == PrimitiveTypeName.DOUBLE || type == PrimitiveTypeName.FLOAT;
        if (floating && !properties.isDictionaryEnabled(descriptor)
                && !properties.isByteStreamSplitEnabled(descriptor)) {
            return new PlainFloatingPointWriter(properties.getPageSizeThreshold() + (properties.getPageSizeThreshold() >> 2));
        }
        return defaults.newValuesWriter(descriptor);
    }
}
