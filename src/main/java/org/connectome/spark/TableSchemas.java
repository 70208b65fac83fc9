package org.connectome.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.connectome.model.EdgeTable;
import org.connectome.model.WeightType;

/** The Spark schemas of SPEC 4: every column non-null. */
public final class TableSchemas {
    private TableSchemas() {
    }

    /** The schema of a table of double weights. */
    public static StructType of(EdgeTable table) {
        return of(table, WeightType.DOUBLE);
    }

    /** The schema of a table whose recurrent weights are {@code weightType} ({@link WeightType#of}). */
    public static StructType of(EdgeTable table, WeightType weightType) {
        if (table == EdgeTable.NEURONS) {
            return new StructType()
                    .add("id", DataTypes.IntegerType, false)
                    .add("population", DataTypes.StringType, false);
        }
        return new StructType()
                .add(table.firstColumn(), DataTypes.IntegerType, false)
                .add(table.secondColumn(), DataTypes.IntegerType, false)
                .add("weight", weightType.of(table) == WeightType.FLOAT ? DataTypes.FloatType : DataTypes.DoubleType,
                        false);
    }
}
