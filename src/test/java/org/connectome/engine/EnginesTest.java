package org.connectome.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.connectome.SparkTestBase;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.Topology;
import org.connectome.model.WeightType;
import org.connectome.output.DirectIo;
import org.connectome.output.DirectOutputStream;
import org.connectome.output.NioLocalFileSystem;
import org.connectome.parquet.ParquetLayout;
import org.connectome.spark.SparkEngine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engines schedule slices and never change a row: the local engine and Spark write byte-identical files for
 * the same plan, and the rows (in file order) are the same for any partitioning, block size and weight type.
 */
class EnginesTest extends SparkTestBase {
    private static final ConnectomeModel MODEL = ConnectomeModel.withProbability(900, 0.04, 0.8, 1.0, 1.0, 3, 2,
            AutapsePolicy.REPAIR, Topology.RANDOM, 20261201L);
    /** Files of at most 5,000 rows, row groups of about 16 kB: several files per slice, several groups per file. */
    private static final ParquetLayout LAYOUT = new ParquetLayout("snappy", 5_000, 16 << 10);

    @TempDir
    static Path dir;
    static Path reference;

    @BeforeAll
    static void writeReference() {
        reference = write(new LocalEngine(2, new Configuration()), "reference", WeightType.DOUBLE, 3, 1 << 20);
    }

    static Path write(Engine engine, String name, WeightType weightType, int partitions, long blockRows) {
        return write(engine, name, weightType, partitions, blockRows, DirectIo.AUTO);
    }

    static Path write(Engine engine, String name, WeightType weightType, int partitions, long blockRows,
            DirectIo directIo) {
        Path out = dir.resolve(name);
        new ConnectomeGenerator(engine, new PrintStream(new ByteArrayOutputStream()), LAYOUT).write(
                new GenerateOptions(MODEL, weightType, partitions, blockRows, 1 << 24, directIo), out.toString(),
                false);
        return out;
    }

    @Test
    void sparkAndLocalEnginesWriteByteIdenticalFiles() throws IOException {
        Path spark = write(new SparkEngine(SparkTestBase.session()), "spark", WeightType.DOUBLE, 3, 1 << 20);
        for (EdgeTable table : EdgeTable.values()) {
            List<Path> expected = WrittenTables.files(reference.resolve(table.tableName()));
            List<Path> actual = WrittenTables.files(spark.resolve(table.tableName()));
            assertEquals(names(expected), names(actual), table.tableName());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(Files.readAllBytes(expected.get(i)), Files.readAllBytes(actual.get(i)),
                        actual.get(i).toString());
            }
        }
        assertFalse(Files.exists(spark.resolve(ConnectomeGenerator.ATTEMPTS)), "attempt files are removed");
    }

    /** The local engine's file system (java.nio permissions, no chmod forks) writes the same bytes and modes. */
    @Test
    void nioLocalFilesMatchHadoopsLocalFiles() throws IOException {
        Path nio = write(new LocalEngine(2, NioLocalFileSystem.configure(new Configuration())), "nio",
                WeightType.DOUBLE, 3, 1 << 20);
        for (EdgeTable table : EdgeTable.values()) {
            List<Path> expected = WrittenTables.files(reference.resolve(table.tableName()));
            List<Path> actual = WrittenTables.files(nio.resolve(table.tableName()));
            assertEquals(names(expected), names(actual), table.tableName());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(Files.readAllBytes(expected.get(i)), Files.readAllBytes(actual.get(i)));
                assertEquals(Files.getPosixFilePermissions(expected.get(i)),
                        Files.getPosixFilePermissions(actual.get(i)), actual.get(i).toString());
            }
            assertEquals(Files.getPosixFilePermissions(reference.resolve(table.tableName())),
                    Files.getPosixFilePermissions(nio.resolve(table.tableName())), table.tableName());
        }
        assertEquals(Files.getPosixFilePermissions(reference.resolve("connectome.json")),
                Files.getPosixFilePermissions(nio.resolve("connectome.json")));
    }

    /** Files written past the page cache (O_DIRECT, on both local file systems) hold the same bytes. */
    @Test
    void directWritesWriteTheSameBytes() throws IOException {
        Path probe = Files.createFile(dir.resolve("direct-probe"));
        try (DirectOutputStream stream = DirectOutputStream.openIfSupported(probe)) {
            Assumptions.assumeTrue(stream != null, "the temporary directory's file system takes no O_DIRECT");
        }
        for (Configuration conf : List.of(new Configuration(), NioLocalFileSystem.configure(new Configuration()))) {
            Path direct = write(new LocalEngine(2, conf), "direct-" + conf.get("fs.file.impl", "hadoop"),
                    WeightType.DOUBLE, 3, 1 << 20, DirectIo.ON);
            assertTrue(Files.readString(direct.resolve("connectome.json")).contains("\"direct_io\" : true"));
            for (EdgeTable table : EdgeTable.values()) {
                List<Path> expected = WrittenTables.files(reference.resolve(table.tableName()));
                List<Path> actual = WrittenTables.files(direct.resolve(table.tableName()));
                assertEquals(names(expected), names(actual), table.tableName());
                for (int i = 0; i < expected.size(); i++) {
                    assertArrayEquals(Files.readAllBytes(expected.get(i)), Files.readAllBytes(actual.get(i)),
                            actual.get(i).toString());
                    assertEquals(Files.getPosixFilePermissions(expected.get(i)),
                            Files.getPosixFilePermissions(actual.get(i)), actual.get(i).toString());
                }
            }
        }
    }

    @Test
    void rowsAreTheSameForAnyPartitioningAndBlockSize() throws IOException {
        assertTrue(WrittenTables.files(reference.resolve("recurrent")).size() >= 6,
                "max-file-rows should split each slice's rows into several files");
        int run = 0;
        for (int partitions : new int[] {1, 8}) {
            for (long blockRows : new long[] {1 << 20, 777}) {
                Path out = write(new LocalEngine(3, new Configuration()), "cut-" + run++, WeightType.DOUBLE,
                        partitions, blockRows);
                for (EdgeTable table : EdgeTable.values()) {
                    assertEquals(WrittenTables.rows(reference.resolve(table.tableName())),
                            WrittenTables.rows(out.resolve(table.tableName())),
                            table.tableName() + " with " + partitions + " partitions of blocks of " + blockRows);
                }
            }
        }
        // Spark with 8 slices cut into small blocks, too.
        Path spark = write(new SparkEngine(SparkTestBase.session()), "spark-8", WeightType.DOUBLE, 8, 1000);
        for (EdgeTable table : EdgeTable.values()) {
            assertEquals(WrittenTables.rows(reference.resolve(table.tableName())),
                    WrittenTables.rows(spark.resolve(table.tableName())), table.tableName());
        }
    }

    @Test
    void floatWeightsAreTheDoubleWeightsRoundedOnTheSameSynapses() throws IOException {
        Path floats = write(new SparkEngine(SparkTestBase.session()), "float", WeightType.FLOAT, 3, 1 << 20);
        List<String> doubleRows = WrittenTables.rows(reference.resolve("recurrent"));
        List<String> floatRows = WrittenTables.rows(floats.resolve("recurrent"));
        assertEquals(WrittenTables.ids(reference.resolve("recurrent")), WrittenTables.ids(floats.resolve("recurrent")));
        for (int i = 0; i < doubleRows.size(); i++) {
            String d = doubleRows.get(i);
            String f = floatRows.get(i);
            double weight = Double.parseDouble(d.substring(d.lastIndexOf(',') + 1));
            float rounded = Float.parseFloat(f.substring(f.lastIndexOf(',') + 1, f.length() - 1));
            assertEquals((float) weight, rounded, 0f, "row " + i);
        }
        // Input and output weights stay DOUBLE (SPEC 4): the same rows as the double run.
        for (EdgeTable table : List.of(EdgeTable.INPUT, EdgeTable.OUTPUT, EdgeTable.NEURONS)) {
            assertEquals(WrittenTables.rows(reference.resolve(table.tableName())),
                    WrittenTables.rows(floats.resolve(table.tableName())), table.tableName());
        }
        assertEquals(PrimitiveTypeName.FLOAT, weightType(WrittenTables.files(floats.resolve("recurrent")).get(0)));
        assertTrue(Files.readString(floats.resolve("connectome.json")).contains("\"weight_type\" : \"float\""));
    }

    /** Footers: row counts within the bounds, v2 encodings, statistics only where they prune. */
    @Test
    void footersHoldTheLayout() throws IOException {
        long rows = 0;
        for (Path file : WrittenTables.files(reference.resolve("recurrent"))) {
            try (ParquetFileReader reader = open(file)) {
                assertTrue(reader.getRecordCount() <= LAYOUT.maxFileRows(), file.toString());
                assertTrue(reader.getRowGroups().size() >= 2 || reader.getRecordCount() < 2000,
                        "row groups of about 16 kB: " + file);
                rows += reader.getRecordCount();
                for (BlockMetaData group : reader.getRowGroups()) {
                    List<ColumnChunkMetaData> columns = group.getColumns();
                    assertTrue(columns.get(0).getEncodings().contains(Encoding.DELTA_BINARY_PACKED));
                    assertTrue(columns.get(1).getEncodings().contains(Encoding.DELTA_BINARY_PACKED));
                    assertEquals(Set.of(Encoding.PLAIN), Set.copyOf(columns.get(2).getEncodings()));
                    assertFalse(columns.get(0).getStatistics().isEmpty(), "post keeps min/max for pruning");
                    assertTrue(columns.get(1).getStatistics().isEmpty(), "no pre statistics: they prune nothing");
                    assertTrue(columns.get(2).getStatistics().isEmpty(), "no weight statistics");
                }
            }
        }
        assertEquals(MODEL.synapses(), rows);
        for (Path file : WrittenTables.files(reference.resolve("neurons"))) {
            try (ParquetFileReader reader = open(file)) {
                Set<Encoding> encodings = reader.getRowGroups().stream()
                        .flatMap(group -> group.getColumns().get(1).getEncodings().stream())
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Encoding.class)));
                assertTrue(encodings.contains(Encoding.RLE_DICTIONARY), "population names: " + encodings);
            }
        }
    }

    private static ParquetFileReader open(Path file) throws IOException {
        return ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()),
                new Configuration()));
    }

    private static PrimitiveTypeName weightType(Path file) throws IOException {
        try (ParquetFileReader reader = open(file)) {
            return reader.getFooter().getFileMetaData().getSchema().getType("weight").asPrimitiveType()
                    .getPrimitiveTypeName();
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(path -> path.getFileName().toString()).toList();
    }

    static Stream<EdgeTable> tables() {
        return Stream.of(EdgeTable.values());
    }
}
