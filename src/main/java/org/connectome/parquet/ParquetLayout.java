package org.connectome.parquet;

import java.util.LinkedHashMap;
import java.util.Map;
import org.connectome.model.EdgeTable;

/**
 * How tables are laid out in Parquet. Files follow the sort order, so min/max statistics of the first column
 * prune reads; the settings are write options of Spark's Parquet writer.
 *
 * <p>Chosen by measurement (bench/run --sweep; figures in bench/README.md): format v2 pages, whose
 * DELTA_BINARY_PACKED encoding stores the sorted {@code pre} of a row in about one byte instead of four (about 9
 * bytes per synapse instead of 12, at the same writer CPU as v1's plain encoding); no dictionary for the id
 * columns that do not repeat nor for the weights; no min/max statistics but on the first column (weights are
 * random and the second column spans its range in every row group, so they prune nothing, and updating them was
 * about 15% and 8% of the writer's CPU). Snappy shortens random weights and delta-packed ids by under 0.5% for
 * about a quarter of the edge writer's CPU, so the slice writer stores those pages as snappy literals and
 * compresses only the pages that shrink ({@link AdaptiveSnappyCompressor}): constant weights (sigma0 = 0,
 * {@code constant} laws), delays on their grid, the neurons' names.
 *
 * @param compression     Parquet codec: snappy, zstd, gzip, lz4_raw or none
 * @param maxFileRows     rows of one file at most
 * @param rowGroupBytes   Parquet row group size
 */
public record ParquetLayout(String compression, long maxFileRows, long rowGroupBytes) implements java.io.Serializable {
    /** Compresses the pages that shrink, and only those (AdaptiveSnappyCompressor). */
    public static final String DEFAULT_COMPRESSION = "snappy";
    public static final ParquetLayout DEFAULT = new ParquetLayout(DEFAULT_COMPRESSION, 1L << 25, 128L << 20);
    /** Parquet format of data pages: v2 brings DELTA_BINARY_PACKED for integer columns. */
    public static final String WRITER_VERSION = "v2";

    /** Options for {@code DataFrameWriter.options}. */
    public Map<String, String> writeOptions(EdgeTable table) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("compression", compression);
        options.put("maxRecordsPerFile", Long.toString(maxFileRows));
        options.put("parquet.block.size", Long.toString(rowGroupBytes));
        options.put("parquet.writer.version", WRITER_VERSION);
        if (table != EdgeTable.NEURONS) {
            // Random ids and weights do not repeat: a dictionary only costs time before Parquet drops it.
            options.put("parquet.enable.dictionary#" + table.secondColumn(), "false");
            options.put("parquet.enable.dictionary#weight", "false");
            // Min/max prune only on the first column (the file order); the slice writer keeps no others either.
            options.put("parquet.column.statistics.enabled#" + table.secondColumn(), "false");
            options.put("parquet.column.statistics.enabled#weight", "false");
        }
        return options;
    }

    /** For the manifest. */
    public Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("compression", compression);
        description.put("max_file_rows", maxFileRows);
        description.put("row_group_bytes", rowGroupBytes);
        description.put("writer_version", WRITER_VERSION);
        return description;
    }
}
