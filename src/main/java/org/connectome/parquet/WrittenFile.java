package org.connectome.parquet;

import java.io.Serializable;

/** A file a slice writer published: its final name in the table's directory and its rows. */
public record WrittenFile(String name, long rows) implements Serializable {
}
