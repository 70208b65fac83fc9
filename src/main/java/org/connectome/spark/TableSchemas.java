package org.connectome.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.connectome.model.EdgeTable;

/** The Spark schemas of SPEC 4: every column non-null. */
public final class TableSchemas {
    private TableSchemas() {
    }

    public static StructType of(EdgeTable table) {
        if (table == EdgeTable.NEURONS) {
            return new StructType()
                    .add("id", DataTypes.IntegerType, false)
                    .add("population", DataTypes.StringType, false);
        }
        return new StructType()
                .add(table.firstColumn(), DataTypes.IntegerType, false)
                .add(table.secondColumn(), DataTypes.IntegerType, false)
                .add("weight", DataTypes.DoubleType, false);
    }
}
