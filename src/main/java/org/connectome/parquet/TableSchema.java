package org.connectome.parquet;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.connectome.model.EdgeTable;
import org.connectome.model.WeightType;

/**
 * The Parquet schemas of SPEC 4: every column REQUIRED (non-null), ids INT32, weights DOUBLE or FLOAT, an
 * optional DOUBLE {@code delay} when the model has delays, population names as UTF-8 strings.
 */
public final class TableSchema {
    public static final String WEIGHT = "weight";
    public static final String DELAY = "delay";
    public static final String ID = "id";
    public static final String POPULATION = "population";

    private TableSchema() {
    }

    /** An edge table's schema. */
    public static MessageType edges(EdgeTable table, WeightType weightType, boolean delay) {
        if (table == EdgeTable.NEURONS) {
            throw new IllegalArgumentException("neurons is not an edge table");
        }
        Types.GroupBuilder<MessageType> builder = Types.buildMessage()
                .required(PrimitiveTypeName.INT32).named(table.firstColumn())
                .required(PrimitiveTypeName.INT32).named(table.secondColumn())
                .required(weightType == WeightType.FLOAT ? PrimitiveTypeName.FLOAT : PrimitiveTypeName.DOUBLE)
                .named(WEIGHT);
        if (delay) {
            builder.required(PrimitiveTypeName.DOUBLE).named(DELAY);
        }
        return builder.named(table.tableName());
    }

    /** The neurons table's schema. */
    public static MessageType neurons() {
        return Types.buildMessage()
                .required(PrimitiveTypeName.INT32).named(ID)
                .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(POPULATION)
                .named(EdgeTable.NEURONS.tableName());
    }
}
