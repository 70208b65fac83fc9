package org.connectome.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slice's columns live from row group to row group and file to file: the neurons' names, whose dictionary
 * writer is made afresh for each row group, read back right in every group of every file.
 */
class SliceWriterTest {
    @TempDir
    Path dir;

    @Test
    void neuronsKeepTheirNamesAcrossRowGroupsAndFiles() throws IOException {
        Configuration conf = new Configuration();
        java.nio.file.Files.createDirectories(dir.resolve("neurons"));
        java.nio.file.Files.createDirectories(dir.resolve("attempts"));
        // Files of 70,000 rows, row groups cut after every batch of 256 rows that fills 1 kB.
        SliceWriter writer = new SliceWriter(conf, new ParquetLayout("snappy", 70_000, 1 << 10));
        SliceFiles files = new SliceFiles(dir.resolve("neurons").toUri().toString(),
                dir.resolve("attempts").toUri().toString(), 0, 1, 2, false);
        int neurons = 200_000;
        List<WrittenFile> written = writer.writeNeurons(0, neurons, SliceWriterTest::population, files, "a0",
                rows -> { });
        assertEquals(3, written.size());
        int id = 0;
        int groups = 0;
        for (WrittenFile file : written) {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir.resolve("neurons")
                    .resolve(file.name()).toUri());
            try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf))) {
                groups += footer.getRowGroups().size();
            }
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path).withConf(conf)
                    .build()) {
                for (Group row = reader.read(); row != null; row = reader.read(), id++) {
                    assertEquals(id, row.getInteger("id", 0));
                    assertEquals(population(id), row.getString("population", 0), "id " + id);
                }
            }
        }
        assertEquals(neurons, id);
        assertTrue(groups > written.size(), groups + " row groups in " + written.size() + " files");
    }

    /** Runs of names that do not line up with files or row groups, the same String object within a run. */
    private static String population(int id) {
        return id % 50_000 < 31_000 ? "E" : id % 50_000 < 45_000 ? "I" : "thalamus";
    }
}
