package org.connectome.spark;

import org.apache.spark.sql.connector.read.InputPartition;
import org.connectome.kernel.Slice;

/** A slice as a Spark input partition. */
record SlicePartition(Slice slice) implements InputPartition {
}
