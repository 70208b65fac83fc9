package org.connectome.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * What a written table holds, from its Parquet footers: files, row groups, and per column the encodings, codec,
 * whether min/max statistics are present, and bytes per row. {@code ParquetFooter DIR}
 */
public final class ParquetFooter {
    private ParquetFooter() {
    }

    public static void main(String[] args) throws IOException {
        Configuration conf = new Configuration();
        Path dir = new Path(args[0]);
        FileSystem fs = dir.getFileSystem(conf);
        long rows = 0;
        long files = 0;
        long groups = 0;
        long fileBytes = 0;
        Map<String, long[]> bytes = new LinkedHashMap<>();
        Map<String, String> details = new LinkedHashMap<>();
        for (FileStatus status : fs.listStatus(dir)) {
            if (!status.getPath().getName().endsWith(".parquet")) {
                continue;
            }
            files++;
            fileBytes += status.getLen();
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(status, conf))) {
                ParquetMetadata footer = reader.getFooter();
                for (BlockMetaData block : footer.getBlocks()) {
                    groups++;
                    rows += block.getRowCount();
                    for (ColumnChunkMetaData column : block.getColumns()) {
                        String name = column.getPath().toDotString();
                        bytes.computeIfAbsent(name, k -> new long[1])[0] += column.getTotalSize();
                        details.putIfAbsent(name, "encodings " + column.getEncodings() + ", " + column.getCodec()
                                + ", statistics " + (column.getStatistics() != null
                                        && column.getStatistics().hasNonNullValue() ? "min/max" : "none"));
                    }
                }
            }
        }
        System.out.printf("%d rows, %d files (%.0f MB each on average), %d row groups, %.3f bytes/row%n", rows, files,
                fileBytes / 1e6 / Math.max(1, files), groups, (double) fileBytes / rows);
        for (String name : bytes.keySet()) {
            System.out.printf("  %-8s %.3f bytes/row  %s%n", name, (double) bytes.get(name)[0] / rows,
                    details.get(name));
        }
    }
}
