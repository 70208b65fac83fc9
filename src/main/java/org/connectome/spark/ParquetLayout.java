package org.connectome.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.connectome.model.EdgeTable;

/**
 * How tables are laid out in Parquet. Files follow the sort order, so min/max statistics of the first column
 * prune reads; the settings are write options of Spark's Parquet writer.
 *
 * @param compression     Parquet codec: snappy, zstd, gzip, lz4_raw or none
 * @param maxFileRows     rows of one file at most
 * @param rowGroupBytes   Parquet row group size
 */
public record ParquetLayout(String compression, long maxFileRows, long rowGroupBytes) {
    public static final ParquetLayout DEFAULT = new ParquetLayout("snappy", 1L << 25, 128L << 20);

    /** Options for {@code DataFrameWriter.options}. */
    public Map<String, String> writeOptions(EdgeTable table) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("compression", compression);
        options.put("maxRecordsPerFile", Long.toString(maxFileRows));
        options.put("parquet.block.size", Long.toString(rowGroupBytes));
        if (table != EdgeTable.NEURONS) {
            // Random ids and weights do not repeat: a dictionary only costs time before Parquet drops it.
            options.put("parquet.enable.dictionary#" + table.secondColumn(), "false");
            options.put("parquet.enable.dictionary#weight", "false");
        }
        return options;
    }

    /** For the manifest. */
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("compression", compression);
        description.put("max_file_rows", maxFileRows);
        description.put("row_group_bytes", rowGroupBytes);
        return description;
    }
}
