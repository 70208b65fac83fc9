package org.connectome.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Row;
import org.connectome.SparkTestBase;
import org.connectome.model.EdgeTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code connectome generate} end to end on local[2]: the tables of SPEC 4 and the errors of SPEC 6. */
class GenerateCommandTest extends SparkTestBase {
    private static final long SEED = 424242L;

    @TempDir
    static Path workDir;
    static Path connectome;
    static Run generated;

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ConnectomeCli.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void generate() {
        connectome = workDir.resolve("net");
        // 1200 neurons at p = 0.05: 72,000 synapses in 4 partitions of files of at most 10,000 rows.
        generated = run("generate", "--neurons", "1200", "--p", "0.05", "--inputs", "3", "--outputs", "2",
                "--exc-fraction", "0.75", "--seed", Long.toString(SEED), "--partitions", "4", "--max-file-rows",
                "10000", "--out", connectome.toString());
    }

    @Test
    void generateSucceedsAndSummarizes() {
        assertEquals(0, generated.exitCode(), generated.err());
        assertTrue(generated.out().contains("72,000 synapses"), generated.out());
        assertTrue(generated.out().contains("seed      " + SEED), generated.out());
        assertTrue(Files.exists(connectome.resolve("connectome.json")));
    }

    @Test
    void manifestRecordsParametersDerivedValuesAndRows() throws IOException {
        JsonNode root = new ObjectMapper().readTree(connectome.resolve("connectome.json").toFile());
        assertEquals(org.connectome.output.Manifest.FORMAT_VERSION, root.path("format_version").asInt());
        assertEquals(1200, root.path("parameters").path("neurons").asInt());
        assertEquals(0.05, root.path("parameters").path("p").asDouble());
        assertEquals("repair", root.path("parameters").path("autapses").asText());
        assertEquals(SEED, root.path("seed").asLong());
        assertEquals(72_000, root.path("derived").path("n_syn").asLong());
        assertEquals(900, root.path("derived").path("excitatory_neurons").asInt());
        assertEquals(-3.0, root.path("derived").path("mu_i").asDouble(), 1e-12);
        assertEquals(1 / Math.sqrt(60), root.path("derived").path("recurrent_scale").asDouble(), 1e-15);
        assertEquals(72_000, root.path("tables").path("recurrent").path("rows").asLong());
        assertEquals(3600, root.path("tables").path("input").path("rows").asLong());
        assertEquals(2400, root.path("tables").path("output").path("rows").asLong());
        assertEquals(1200, root.path("tables").path("neurons").path("rows").asLong());
        // --partitions 4 is honoured even though the table is smaller than one default block.
        assertEquals(4, root.path("run").path("partitions").path("recurrent").asInt());
        assertTrue(root.path("run").path("seconds").asDouble() > 0);
        assertFalse(root.path("run").path("started").asText().isEmpty());
    }

    @ParameterizedTest
    @MethodSource("tables")
    void tablesHaveRequiredColumnsOfTheSpecTypes(EdgeTable table) throws IOException {
        for (File file : parquetFiles(table)) {
            MessageType schema;
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toURI()), new Configuration()))) {
                schema = reader.getFooter().getFileMetaData().getSchema();
            }
            List<String> expected = table == EdgeTable.NEURONS ? List.of("id", "population")
                    : List.of(table.firstColumn(), table.secondColumn(), "weight");
            assertEquals(expected, schema.getFields().stream().map(Type::getName).toList());
            for (Type field : schema.getFields()) {
                assertEquals(Type.Repetition.REQUIRED, field.getRepetition(), field.getName());
            }
            PrimitiveType.PrimitiveTypeName idType = schema.getType(0).asPrimitiveType().getPrimitiveTypeName();
            assertEquals(PrimitiveType.PrimitiveTypeName.INT32, idType);
            if (table != EdgeTable.NEURONS) {
                assertEquals(PrimitiveType.PrimitiveTypeName.DOUBLE,
                        schema.getType(2).asPrimitiveType().getPrimitiveTypeName());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void filesAreSortedAndOrderedByPartNumber(EdgeTable table) {
        List<File> files = parquetFiles(table);
        long previousKey = Long.MIN_VALUE;
        long rows = 0;
        for (File file : files) {
            // Read each file alone: across files Spark reads in no particular order.
            List<Row> fileRows = spark.read().parquet(file.getPath()).collectAsList();
            for (Row row : fileRows) {
                long key = table == EdgeTable.NEURONS ? row.getInt(0)
                        : ((long) row.getInt(0) << 32) | row.getInt(1);
                assertTrue(key > previousKey, "rows out of order in " + file.getName());
                previousKey = key;
            }
            rows += fileRows.size();
        }
        long expected = switch (table) {
            case RECURRENT -> 72_000;
            case INPUT -> 3600;
            case OUTPUT -> 2400;
            case NEURONS -> 1200;
        };
        assertEquals(expected, rows);
        if (table == EdgeTable.RECURRENT) {
            assertTrue(files.size() >= 8, "max-file-rows 10000 should split 72,000 rows into 8+ files");
        }
    }

    @Test
    void neuronsTableMarksTheFirstNeExcitatory() {
        List<Row> counts = spark.read().parquet(connectome.resolve("neurons").toString())
                .groupBy("population").agg(org.apache.spark.sql.functions.min("id"),
                        org.apache.spark.sql.functions.max("id"), org.apache.spark.sql.functions.count("id"))
                .orderBy("population").collectAsList();
        assertEquals(List.of(rowOf("E", 0, 899, 900L), rowOf("I", 900, 1199, 300L)), counts);
    }

    @Test
    void writtenTablesEqualTheVirtualConnectome() {
        for (EdgeTable table : EdgeTable.values()) {
            var written = spark.read().parquet(connectome.resolve(table.tableName()).toString());
            var virtual = spark.read().format("connectome").option("neurons", "1200").option("p", "0.05")
                    .option("inputs", "3").option("outputs", "2").option("exc-fraction", "0.75")
                    .option("seed", Long.toString(SEED)).option("table", table.tableName()).load();
            assertEquals(0, written.exceptAll(virtual).count(), table.tableName());
            assertEquals(0, virtual.exceptAll(written).count(), table.tableName());
        }
    }

    private static final String SPEC = "populations: [{name: Exc, size: 300, kind: excitatory},"
            + " {name: Inh, size: 100, kind: inhibitory}]\n"
            + "projections:\n"
            + "  - {source: Exc, target: all, rule: fixed_indegree, indegree: 20, autapses: exclude,\n"
            + "     weight: {distribution: normal, mean: 0.2, std: 0.1, dale: true},"
            + " delay: {distribution: normal, mean: 1.5, std: 0.5}}\n"
            + "  - {source: Inh, target: all, rule: pairwise_bernoulli, p: 0.1,\n"
            + "     weight: {distribution: constant, value: -1}, delay: {distribution: constant, value: 0.8}}\n"
            + "inputs: 2\n";

    /** A network spec file end to end: populations in the neurons table, delays, the spec and counts recorded. */
    @Test
    void networkSpecGeneratesAndRecordsItsCounts() throws IOException {
        Path spec = Files.writeString(workDir.resolve("net.yaml"), SPEC);
        Path out = workDir.resolve("network");
        Run run = run("generate", "--model", spec.toString(), "--seed", "9", "--partitions", "3", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = new ObjectMapper().readTree(out.resolve("connectome.json").toFile());
        JsonNode projections = root.path("network").path("projections");
        assertEquals(2, projections.size());
        assertEquals(20 * 400, projections.get(0).path("synapses").asLong());
        long total = projections.get(0).path("synapses").asLong() + projections.get(1).path("synapses").asLong();
        assertEquals(total, root.path("tables").path("recurrent").path("rows").asLong());
        assertEquals("Exc", root.path("network").path("spec").path("populations").get(0).path("name").asText());
        var recurrent = spark.read().parquet(out.resolve("recurrent").toString());
        assertEquals(total, recurrent.count());
        assertEquals(List.of("post", "pre", "weight", "delay"), Arrays.asList(recurrent.columns()));
        assertEquals(0, recurrent.where("pre < 300 AND (weight < 0 OR post = pre)").count(), "Dale, autapses");
        assertEquals(0, recurrent.where("round(delay * 10) != delay * 10 OR delay < 0.1").count(), "delay grid");
        List<Row> counts = spark.read().parquet(out.resolve("neurons").toString())
                .groupBy("population").agg(org.apache.spark.sql.functions.min("id"),
                        org.apache.spark.sql.functions.max("id"), org.apache.spark.sql.functions.count("id"))
                .orderBy("population").collectAsList();
        assertEquals(List.of(rowOf("Exc", 0, 299, 300L), rowOf("Inh", 300, 399, 100L)), counts);
        assertEquals(800, spark.read().parquet(out.resolve("input").toString()).count());
        // stats --check: the exact per-projection checks pass, and fail once the recorded spec says otherwise.
        Run stats = run("stats", out.toString(), "--check");
        assertEquals(0, stats.exitCode(), stats.out() + stats.err());
        assertTrue(stats.out().contains("in-degree of every target") && stats.out().contains("all PASS"),
                stats.out());
        Path manifest = out.resolve("connectome.json");
        String json = Files.readString(manifest);
        Files.deleteIfExists(out.resolve(".connectome.json.crc")); // Hadoop's checksum of the original
        Files.writeString(manifest, json.replace("\"indegree\" : 20", "\"indegree\" : 21"));
        Run broken = run("stats", out.toString(), "--check");
        assertEquals(1, broken.exitCode(), broken.out() + broken.err());
        assertTrue(broken.out().contains("FAIL"), broken.out());
        Files.writeString(manifest, json);
        // The same spec on one partition: the same rows.
        Path single = workDir.resolve("network-1");
        assertEquals(0, run("generate", "--model", spec.toString(), "--seed", "9", "--partitions", "1", "--out",
                single.toString()).exitCode());
        var other = spark.read().parquet(single.resolve("recurrent").toString());
        assertEquals(0, recurrent.exceptAll(other).count());
        assertEquals(0, other.exceptAll(recurrent).count());
    }

    @Test
    void badNetworkSpecsExitTwoWithOneLine() throws IOException {
        Path spec = Files.writeString(workDir.resolve("bad.yaml"), SPEC.replace("indegree: 20", "indegree: 301")
                .replace("autapses: exclude,", "autapses: exclude, multapses: false,"));
        Path out = workDir.resolve("bad-network");
        Run run = run("generate", "--model", spec.toString(), "--out", out.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertOneLine(run.err(), "projections[0].indegree");
        assertFalse(Files.exists(out));
        Run mixed = run("generate", "--model", "brunel2000", "--neurons", "10", "--out", out.toString());
        assertEquals(2, mixed.exitCode(), mixed.err());
        assertOneLine(mixed.err(), "--neurons");
        Run unknown = run("generate", "--model", "brunel2001", "--out", out.toString());
        assertEquals(2, unknown.exitCode(), unknown.err());
        assertOneLine(unknown.err(), "neither a preset");
        assertFalse(Files.exists(out));
    }

    @Test
    void existingOutputIsRefusedWithoutOverwriteAndReplacedWithIt() throws IOException {
        Path out = workDir.resolve("existing");
        Files.createDirectories(out);
        Path marker = Files.writeString(out.resolve("keep.txt"), "mine");
        Run refused = run("generate", "--neurons", "50", "--p", "0.1", "--seed", "1", "--out", out.toString());
        assertEquals(2, refused.exitCode());
        assertOneLine(refused.err(), "already exists");
        assertTrue(Files.exists(marker), "an existing output must be left untouched");

        Run replaced = run("generate", "--neurons", "50", "--p", "0.1", "--seed", "1", "--overwrite", "--out",
                out.toString());
        assertEquals(0, replaced.exitCode(), replaced.err());
        assertFalse(Files.exists(marker));
        assertTrue(Files.exists(out.resolve("connectome.json")));
        assertNoStagingLeft(workDir);
    }

    static Stream<Object[]> badInputs() {
        return Stream.of(
                new Object[] {"--neurons 0 --p 0.1", "--neurons"},
                new Object[] {"--neurons 100 --p 1.5", "--p"},
                new Object[] {"--neurons 100 --p -0.1", "--p"},
                new Object[] {"--neurons 100 --p 0.1 --exc-fraction 1.2", "--exc-fraction"},
                new Object[] {"--neurons 100 --p 0.1 --sigma0 -1", "--sigma0"},
                new Object[] {"--neurons 100 --p 0.1 --inputs -1", "--inputs"},
                new Object[] {"--neurons 100 --p 0.1 --outputs -3", "--outputs"},
                new Object[] {"--neurons 10 --synapses 101 --autapses allow", "N^2"},
                new Object[] {"--neurons 10 --synapses 91 --autapses exclude", "N(N-1)"},
                new Object[] {"--neurons 10 --p 1", "N(N-1)"},
                new Object[] {"--neurons 100 --p 0.1 --topology smallworld", "topology"},
                new Object[] {"--neurons 100 --p 0.1 --autapses sometimes", "autapse"},
                new Object[] {"--neurons 3000000000 --p 0.000001", "32-bit"},
                new Object[] {"--neurons 100 --p 0.1 --synapses 5", "mutually exclusive"},
                new Object[] {"--neurons 100", "--p"},
                new Object[] {"--neurons lots --p 0.1", "whole number"},
                new Object[] {"--neurons 100 --p 0.1 --partitions -2", "--partitions"},
                new Object[] {"--neurons 100 --p 0.1 --weight-type half", "--weight-type"},
                new Object[] {"--neurons 100 --p 0.1 --direct-io sometimes", "--direct-io"});
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputExitsTwoWithOneLineAndWritesNothing(String arguments, String mentioned) throws IOException {
        Path out = workDir.resolve("bad-" + Math.abs(arguments.hashCode()));
        List<String> args = new ArrayList<>(List.of("generate", "--out", out.toString()));
        args.addAll(Arrays.asList(arguments.split(" ")));
        Run run = run(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertOneLine(run.err(), mentioned);
        assertFalse(Files.exists(out), "nothing may be written for bad input");
        assertNoStagingLeft(workDir);
    }

    @Test
    void unwritableOutputIsAUserError() throws IOException {
        // A regular file where a directory is needed cannot be written to, even as root.
        Path file = Files.writeString(workDir.resolve("a-file"), "x");
        Run run = run("generate", "--neurons", "50", "--p", "0.1", "--seed", "1", "--out",
                file.resolve("net").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertOneLine(run.err(), "cannot write");
    }

    @Test
    void fullRowUnderRepairIsAUserErrorNamingTheRow() {
        // N = 2 with 2 synapses: both land in one row with probability 1/3 per seed (cells split 2 + 2).
        for (long seed = 0; seed < 200; seed++) {
            Path out = workDir.resolve("full-" + seed);
            Run run = run("generate", "--neurons", "2", "--synapses", "2", "--seed", Long.toString(seed), "--out",
                    out.toString());
            if (run.exitCode() == 2) {
                assertOneLine(run.err(), "post neuron");
                assertTrue(run.err().contains("--autapses exclude"), run.err());
                assertFalse(Files.exists(out));
                return;
            }
            assertEquals(0, run.exitCode(), run.err());
        }
        throw new AssertionError("no seed of 200 drew a full row; the split tree is suspicious");
    }

    @Test
    void helpDescribesEveryOption() {
        Run help = run("generate", "--help");
        assertEquals(0, help.exitCode());
        for (String option : List.of("--neurons", "--p", "--synapses", "--out", "--exc-fraction", "--mu-e",
                "--sigma0", "--inputs", "--outputs", "--autapses", "--topology", "--seed", "--overwrite",
                "--partitions", "--weight-type")) {
            assertTrue(help.out().contains(option), option);
        }
        assertTrue(help.out().contains("default: 0.8"), "defaults from connectome.properties are shown");
    }

    private static void assertOneLine(String err, String mentioned) {
        String trimmed = err.strip();
        assertFalse(trimmed.isEmpty(), "an error message is expected");
        assertEquals(1, trimmed.lines().count(), "exactly one line on stderr: " + err);
        assertTrue(trimmed.contains(mentioned), "'" + mentioned + "' expected in: " + trimmed);
        assertFalse(trimmed.contains("Exception"), "no exception names for user errors: " + trimmed);
    }

    private static void assertNoStagingLeft(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> staging = entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.contains(".staging-") || name.contains(".replaced-")).toList();
            assertEquals(List.of(), staging);
        }
    }

    private static List<File> parquetFiles(EdgeTable table) {
        File[] files = connectome.resolve(table.tableName()).toFile()
                .listFiles((dir, name) -> name.endsWith(".parquet"));
        assertTrue(files != null && files.length > 0);
        Arrays.sort(files);
        return Arrays.asList(files);
    }

    static Stream<EdgeTable> tables() {
        return Stream.of(EdgeTable.values());
    }

    private static Row rowOf(Object... values) {
        return org.apache.spark.sql.RowFactory.create(values);
    }
}
