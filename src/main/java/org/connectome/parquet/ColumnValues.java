package org.connectome.parquet;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One column's values for a batch of rows, in the array of its physical type (the other arrays are null), as
 * {@link ColumnFile#read} fills them. {@code nulls} marks null rows of an optional column; it is null for a
 * required one, which has no nulls.
 */
public final class ColumnValues {
    public final String name;
    public final PrimitiveTypeName type;
    public final int[] ints;
    public final long[] longs;
    public final float[] floats;
    public final double[] doubles;
    public final Binary[] binaries;
    public final boolean[] nulls;

    public ColumnValues(String name, PrimitiveTypeName type, int capacity, boolean optional) {
        this.name = name;
        this.type = type;
        this.ints = type == PrimitiveTypeName.INT32 ? new int[capacity] : null;
        this.longs = type == PrimitiveTypeName.INT64 ? new long[capacity] : null;
        this.floats = type == PrimitiveTypeName.FLOAT ? new float[capacity] : null;
        this.doubles = type == PrimitiveTypeName.DOUBLE ? new double[capacity] : null;
        this.binaries = type == PrimitiveTypeName.BINARY ? new Binary[capacity] : null;
        if (ints == null && longs == null && floats == null && doubles == null && binaries == null) {
            throw new IllegalArgumentException("unsupported column type " + type + " of " + name);
        }
        this.nulls = optional ? new boolean[capacity] : null;
    }

    /** Whether row {@code i} of the batch is null. */
    public boolean isNull(int i) {
        return nulls != null && nulls[i];
    }

    /** Row {@code i} of an integer column, widened. */
    public long id(int i) {
        return ints != null ? ints[i] : longs[i];
    }

    /** Row {@code i} of a numeric column as a double. */
    public double number(int i) {
        return switch (type) {
            case DOUBLE -> doubles[i];
            case FLOAT -> floats[i];
            case INT32 -> ints[i];
            case INT64 -> longs[i];
            default -> throw new IllegalStateException("column " + name + " is " + type + ", not numeric");
        };
    }
}
