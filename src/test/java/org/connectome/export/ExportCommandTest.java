package org.connectome.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.connectome.SparkTestBase;
import org.connectome.stats.TestConnectomes;
import org.connectome.stats.TestConnectomes.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connectome export} end to end: connectomes generated on local[2], exported in both formats, and every
 * file read back with readers independent of the writers (jhdf for HDF5; the .npy format parsed here), every value
 * compared against the Parquet tables as Spark reads them. Two connectomes: the generator's own (two populations,
 * DOUBLE weights, several files per table), and a copy rewritten by Spark with FLOAT weights, a DOUBLE delay
 * column and three populations, the shape the weight-type option and the network models give.
 */
class ExportCommandTest extends SparkTestBase {
    private static final int NEURONS = 600;
    private static final int INPUTS = 3;
    private static final int OUTPUTS = 2;
    private static Path seedModel;
    private static Path floatDelays;
    private static Path generatedFloats;
    private static Path network;

    @TempDir
    Path scratch;

    @BeforeAll
    static void generate() {
        seedModel = TestConnectomes.generate("export-seed", "--neurons", String.valueOf(NEURONS), "--p", "0.05",
                "--inputs", String.valueOf(INPUTS), "--outputs", String.valueOf(OUTPUTS), "--seed", "11",
                "--max-file-rows", "4000");
        generatedFloats = TestConnectomes.generate("export-generated-floats", "--neurons", String.valueOf(NEURONS),
                "--p", "0.03", "--inputs", String.valueOf(INPUTS), "--outputs", String.valueOf(OUTPUTS), "--seed",
                "12", "--max-file-rows", "3000", "--weight-type", "float");
        network = TestConnectomes.generate("export-network", "--model", writeSpec().toString(), "--seed", "13",
                "--max-file-rows", "3000");
        floatDelays = TestConnectomes.copy(seedModel, "export-float-delays");
        String recurrent = floatDelays.resolve("recurrent").toString();
        String neurons = floatDelays.resolve("neurons").toString();
        TestConnectomes.delete(floatDelays.resolve("recurrent"));
        TestConnectomes.delete(floatDelays.resolve("neurons"));
        spark.read().parquet(seedModel.resolve("recurrent").toString()).createOrReplaceTempView("seed_recurrent");
        spark.read().parquet(seedModel.resolve("neurons").toString()).createOrReplaceTempView("seed_neurons");
        // Sorted by (post, pre) into range partitions: the files' name order is the table's order.
        spark.sql("SELECT post, pre, CAST(weight AS FLOAT) AS weight, CAST(0.1 * (1 + (post + pre) % 30) AS DOUBLE) AS delay"
                + " FROM seed_recurrent ORDER BY post, pre").write().mode(SaveMode.ErrorIfExists).parquet(recurrent);
        spark.sql("SELECT id, CASE WHEN id < 480 THEN 'E' WHEN id < 550 THEN 'PV' ELSE 'SST' END AS population"
                + " FROM seed_neurons ORDER BY id").coalesce(1).write().parquet(neurons);
    }

    /**
     * A network spec (issue 8) of 600 neurons in three populations, three rules and delays on the resolution grid,
     * without multapses so that (post, pre) orders the rows.
     */
    private static Path writeSpec() {
        String spec = String.join("\n",
                "name: export-network",
                "populations:",
                "  - {name: E, size: 480, kind: excitatory}",
                "  - {name: PV, size: 70, kind: inhibitory}",
                "  - {name: SST, size: 50, kind: inhibitory}",
                "projections:",
                "  - {source: E, target: all, rule: fixed_indegree, indegree: 20, autapses: exclude, multapses: false,",
                "     weight: {distribution: normal, mean: 0.1, std: 0.05, dale: true},",
                "     delay: {distribution: normal, mean: 1.5, std: 0.5, max: 5}}",
                "  - {source: [PV, SST], target: [E, PV], rule: pairwise_bernoulli, p: 0.1,",
                "     weight: {distribution: normal, mean: -0.4, std: 0.1, dale: true},",
                "     delay: {distribution: constant, value: 1.0}}",
                "  - {source: SST, target: SST, rule: fixed_total_number, synapses: 300, multapses: false,",
                "     weight: {distribution: constant, value: -0.5}, delay: {distribution: uniform, min: 0.5, max: 1.5}}",
                "inputs: " + INPUTS,
                "outputs: " + OUTPUTS,
                "resolution: 0.1",
                "");
        try {
            Path file = Files.createTempFile("export-network", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, spec);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The recurrent table in its (post, pre) order, as Spark reads it. */
    private record Edges(int[] posts, int[] pres, double[] weights, double[] delays, boolean floatWeights) {
        static Edges read(Path connectome) {
            org.apache.spark.sql.Dataset<Row> table = spark.read().parquet(connectome.resolve("recurrent").toString());
            boolean hasDelay = List.of(table.columns()).contains("delay");
            boolean floats = table.schema().apply("weight").dataType().typeName().equals("float");
            List<Row> rows = table.orderBy("post", "pre").collectAsList();
            int n = rows.size();
            Edges edges = new Edges(new int[n], new int[n], new double[n], hasDelay ? new double[n] : null, floats);
            for (int i = 0; i < n; i++) {
                Row row = rows.get(i);
                edges.posts[i] = row.getInt(0);
                edges.pres[i] = row.getInt(1);
                edges.weights[i] = ((Number) row.getAs("weight")).doubleValue();
                if (hasDelay) {
                    edges.delays[i] = ((Number) row.getAs("delay")).doubleValue();
                }
            }
            return edges;
        }

        int size() {
            return posts.length;
        }
    }

    /** Per post neuron, from Spark SQL: in-degree, first and last pre, weight sum. */
    private record PostSummary(long[] inDegree, int[] firstPre, int[] lastPre, double[] weightSum) {
        static PostSummary of(Path connectome) {
            spark.read().parquet(connectome.resolve("recurrent").toString()).createOrReplaceTempView("summary_input");
            PostSummary summary = new PostSummary(new long[NEURONS], new int[NEURONS], new int[NEURONS],
                    new double[NEURONS]);
            for (Row row : spark.sql("SELECT post, COUNT(*), MIN(pre), MAX(pre), SUM(CAST(weight AS DOUBLE))"
                    + " FROM summary_input GROUP BY post").collectAsList()) {
                int post = row.getInt(0);
                summary.inDegree[post] = row.getLong(1);
                summary.firstPre[post] = row.getInt(2);
                summary.lastPre[post] = row.getInt(3);
                summary.weightSum[post] = row.getDouble(4);
            }
            return summary;
        }
    }

    private static List<String> populations(Path connectome) {
        return spark.read().parquet(connectome.resolve("neurons").toString()).orderBy("id").collectAsList().stream()
                .map(row -> row.getString(1)).toList();
    }

    private Path export(Path connectome, String format) {
        Path out = scratch.resolve(format);
        Run run = TestConnectomes.run("export", connectome.toString(), "--format", format, "--out", out.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("connectome export: 600 neurons, "), run.out());
        return out;
    }

    // ---------------------------------------------------------------------------------------------- SONATA

    @Test
    void sonataOfTheSeedModel() throws IOException {
        checkSonata(seedModel, export(seedModel, "sonata"));
    }

    @Test
    void sonataWithFloatWeightsDelaysAndThreePopulations() throws IOException {
        checkSonata(floatDelays, export(floatDelays, "sonata"));
    }

    /** A connectome of a network spec: its populations as node and edge types, its delays, both formats. */
    @Test
    void bothFormatsOfANetworkSpecWithDelays() throws IOException {
        assertEquals(List.of("E", "PV", "SST"), populations(network).stream().distinct().toList());
        assertTrue(Edges.read(network).delays() != null, "the network has a delay column");
        checkSonata(network, export(network, "sonata"));
        checkCsr(network, export(network, "csr"));
    }

    @Test
    void bothFormatsOfGeneratedFloatWeights() throws IOException {
        assertTrue(Edges.read(generatedFloats).floatWeights());
        checkSonata(generatedFloats, export(generatedFloats, "sonata"));
        checkCsr(generatedFloats, export(generatedFloats, "csr"));
    }

    private static void checkSonata(Path connectome, Path out) throws IOException {
        Edges edges = Edges.read(connectome);
        PostSummary summary = PostSummary.of(connectome);
        List<String> neuronPopulations = populations(connectome);
        List<String> names = neuronPopulations.stream().distinct().toList();
        int e = edges.size();
        assertEquals(e, java.util.Arrays.stream(summary.inDegree()).sum());

        try (HdfFile nodes = new HdfFile(out.resolve("nodes.h5"))) {
            checkRoot(nodes);
            String base = "/nodes/neurons/";
            long[] typeIds = longs(dataset(nodes, base + "node_type_id", 4, true, NEURONS));
            long[] ids = longs(dataset(nodes, base + "node_id", 4, false, NEURONS));
            long[] groups = longs(dataset(nodes, base + "node_group_id", 4, false, NEURONS));
            long[] groupIndex = longs(dataset(nodes, base + "node_group_index", 4, false, NEURONS));
            for (int i = 0; i < NEURONS; i++) {
                assertEquals(names.indexOf(neuronPopulations.get(i)), typeIds[i], "node_type_id " + i);
                assertEquals(i, ids[i]);
                assertEquals(0, groups[i]);
                assertEquals(i, groupIndex[i]);
            }
            assertTrue(nodes.getByPath(base + "0").isGroup());
        }

        try (HdfFile file = new HdfFile(out.resolve("edges.h5"))) {
            checkRoot(file);
            String base = "/edges/recurrent/";
            Dataset sourceSet = dataset(file, base + "source_node_id", 4, false, e);
            Dataset targetSet = dataset(file, base + "target_node_id", 4, false, e);
            assertEquals("neurons", stringAttribute(sourceSet, "node_population"));
            assertEquals("neurons", stringAttribute(targetSet, "node_population"));
            long[] sources = longs(sourceSet);
            long[] targets = longs(targetSet);
            long[] types = longs(dataset(file, base + "edge_type_id", 4, true, e));
            long[] groupIds = longs(dataset(file, base + "edge_group_id", 4, false, e));
            long[] groupIndex = longs(dataset(file, base + "edge_group_index", 4, false, e));
            Dataset weightSet = file.getDatasetByPath(base + "0/syn_weight");
            assertFloating(weightSet, edges.floatWeights() ? 4 : 8, e);
            double[] weights = doubles(weightSet);
            assertEquals(edges.delays() != null, file.getByPath(base + "0").isGroup()
                    && ((io.jhdf.api.Group) file.getByPath(base + "0")).getChildren().containsKey("delay"));
            double[] delays = null;
            if (edges.delays() != null) {
                Dataset delaySet = file.getDatasetByPath(base + "0/delay");
                assertFloating(delaySet, 8, e);
                delays = doubles(delaySet);
            }
            assertEquals(Set.of("0", "indices", "source_node_id", "target_node_id", "edge_type_id", "edge_group_id",
                    "edge_group_index"),
                    ((io.jhdf.api.Group) file.getByPath("/edges/recurrent")).getChildren().keySet());
            double weightSum = 0;
            for (int i = 0; i < e; i++) {
                assertEquals(edges.pres()[i], sources[i], "source_node_id " + i);
                assertEquals(edges.posts()[i], targets[i], "target_node_id " + i);
                int sourcePopulation = names.indexOf(neuronPopulations.get(edges.pres()[i]));
                int targetPopulation = names.indexOf(neuronPopulations.get(edges.posts()[i]));
                assertEquals(sourcePopulation * names.size() + targetPopulation, types[i], "edge_type_id " + i);
                assertEquals(0, groupIds[i]);
                assertEquals(i, groupIndex[i]);
                assertEquals(edges.weights()[i], weights[i], 0.0, "syn_weight " + i);
                if (delays != null) {
                    assertEquals(edges.delays()[i], delays[i], 0.0, "delay " + i);
                }
                weightSum += weights[i];
            }
            double expectedSum = java.util.Arrays.stream(summary.weightSum()).sum();
            assertEquals(expectedSum, weightSum, 1e-9 * e);

            // The index: per target node its ranges, which together are exactly its edges.
            String index = base + "indices/target_to_source/";
            long[] nodeRanges = longs(dataset(file, index + "node_id_to_range", 8, false, NEURONS, 2));
            assertArrayEquals(nodeRanges, longs(dataset(file, index + "node_id_to_ranges", 8, false, NEURONS, 2)));
            Dataset edgeRangeSet = file.getDatasetByPath(index + "range_to_edge_id");
            assertInstanceOf(FixedPoint.class, edgeRangeSet.getDataType());
            assertEquals(8, edgeRangeSet.getDataType().getSize());
            assertEquals(2, edgeRangeSet.getDimensionsAsLong()[1]);
            long[] edgeRanges = longs(edgeRangeSet);
            long nextEdge = 0;
            for (int node = 0; node < NEURONS; node++) {
                long edgesOfNode = 0;
                for (long range = nodeRanges[2 * node]; range < nodeRanges[2 * node + 1]; range++) {
                    long start = edgeRanges[(int) (2 * range)];
                    long end = edgeRanges[(int) (2 * range + 1)];
                    assertTrue(start < end, "empty range " + range + " referenced by node " + node);
                    assertEquals(nextEdge, start, "ranges of node " + node + " not contiguous in edge order");
                    for (long edge = start; edge < end; edge++) {
                        assertEquals(node, targets[(int) edge], "edge " + edge + " in node " + node + "'s range");
                    }
                    edgesOfNode += end - start;
                    nextEdge = end;
                }
                assertEquals(summary.inDegree()[node], edgesOfNode, "in-degree of node " + node);
                if (edgesOfNode > 0) {
                    long first = edgeRanges[(int) (2 * nodeRanges[2 * node])];
                    assertEquals(summary.firstPre()[node], sources[(int) first], "first pre of post " + node);
                    assertEquals(summary.lastPre()[node], sources[(int) nextEdge - 1], "last pre of post " + node);
                    double sum = 0;
                    for (long edge = first; edge < nextEdge; edge++) {
                        sum += weights[(int) edge];
                    }
                    assertEquals(summary.weightSum()[node], sum, 1e-9, "weight sum of post " + node);
                }
            }
            assertEquals(e, nextEdge);
        }

        checkTypeTables(out, names);
        checkConfigs(out);
    }

    private static void checkRoot(HdfFile file) {
        Attribute version = file.getAttribute("version");
        assertNotNull(version, "root attribute version");
        assertInstanceOf(FixedPoint.class, version.getDataType());
        assertFalse(((FixedPoint) version.getDataType()).isSigned());
        assertEquals(4, version.getDataType().getSize());
        assertArrayEquals(new long[] {2}, version.getDimensionsAsLong());
        assertArrayEquals(new long[] {0, 1}, longs(version.getData()));
        Attribute magic = file.getAttribute("magic");
        assertNotNull(magic, "root attribute magic");
        assertEquals(4, magic.getDataType().getSize());
        assertFalse(((FixedPoint) magic.getDataType()).isSigned());
        assertEquals(0x0A7AL, ((Number) magic.getData()).longValue());
    }

    /** A fixed-point dataset of the given element size, signedness and shape. */
    private static Dataset dataset(HdfFile file, String path, int size, boolean signed, long... shape) {
        Dataset dataset = file.getDatasetByPath(path);
        DataType type = dataset.getDataType();
        assertInstanceOf(FixedPoint.class, type, path);
        assertEquals(size, type.getSize(), path + " element size");
        assertEquals(signed, ((FixedPoint) type).isSigned(), path + " signedness");
        assertEquals(ByteOrder.LITTLE_ENDIAN, ((FixedPoint) type).getByteOrder(), path);
        assertArrayEquals(shape, dataset.getDimensionsAsLong(), path + " shape");
        return dataset;
    }

    private static void assertFloating(Dataset dataset, int size, long... shape) {
        assertInstanceOf(FloatingPoint.class, dataset.getDataType(), dataset.getPath());
        assertEquals(size, dataset.getDataType().getSize(), dataset.getPath() + " element size");
        assertArrayEquals(shape, dataset.getDimensionsAsLong(), dataset.getPath() + " shape");
    }

    private static String stringAttribute(Node node, String name) {
        Attribute attribute = node.getAttribute(name);
        assertNotNull(attribute, node.getPath() + " attribute " + name);
        assertTrue(attribute.isScalar());
        return (String) attribute.getData();
    }

    private static long[] longs(Dataset dataset) {
        return longs(dataset.getDataFlat());
    }

    /** jhdf gives int[] or long[] (unsigned 32-bit values widened). */
    private static long[] longs(Object data) {
        if (data instanceof int[] ints) {
            return java.util.Arrays.stream(ints).asLongStream().toArray();
        }
        if (data instanceof long[] values) {
            return values;
        }
        if (data instanceof java.math.BigInteger[] values) {
            return Stream.of(values).mapToLong(java.math.BigInteger::longValueExact).toArray();
        }
        throw new AssertionError("not an integer array: " + data.getClass());
    }

    private static double[] doubles(Dataset dataset) {
        Object data = dataset.getDataFlat();
        if (data instanceof float[] floats) {
            double[] values = new double[floats.length];
            for (int i = 0; i < floats.length; i++) {
                values[i] = floats[i];
            }
            return values;
        }
        return (double[]) data;
    }

    private static void checkTypeTables(Path out, List<String> names) throws IOException {
        List<String> nodeTypes = Files.readAllLines(out.resolve("node_types.csv"));
        assertEquals("node_type_id model_type model_template dynamics_params pop_name", nodeTypes.get(0));
        assertEquals(names.size() + 1, nodeTypes.size());
        for (int p = 0; p < names.size(); p++) {
            String[] columns = nodeTypes.get(p + 1).split(" ");
            assertEquals(5, columns.length, nodeTypes.get(p + 1));
            assertEquals(String.valueOf(p), columns[0]);
            assertEquals("point_neuron", columns[1]);
            assertTrue(columns[2].startsWith("nest:"), columns[2]);
            assertTrue(Files.isRegularFile(out.resolve("components/point_neuron_models").resolve(columns[3])));
            assertEquals(names.get(p), columns[4]);
        }
        List<String> edgeTypes = Files.readAllLines(out.resolve("edge_types.csv"));
        assertEquals("edge_type_id model_template dynamics_params source_pop_name target_pop_name",
                edgeTypes.get(0));
        assertEquals(names.size() * names.size() + 1, edgeTypes.size());
        for (int source = 0; source < names.size(); source++) {
            for (int target = 0; target < names.size(); target++) {
                int type = source * names.size() + target;
                String[] columns = edgeTypes.get(type + 1).split(" ");
                assertEquals(5, columns.length, edgeTypes.get(type + 1));
                assertEquals(String.valueOf(type), columns[0]);
                assertEquals("static_synapse", columns[1]);
                assertTrue(Files.isRegularFile(out.resolve("components/synaptic_models").resolve(columns[2])));
                assertEquals(names.get(source), columns[3]);
                assertEquals(names.get(target), columns[4]);
            }
        }
    }

    private static void checkConfigs(Path out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode circuit = json.readTree(out.resolve("circuit_config.json").toFile());
        assertEquals(".", circuit.path("manifest").path("$BASE_DIR").asText());
        JsonNode nodes = circuit.path("networks").path("nodes").get(0);
        JsonNode edges = circuit.path("networks").path("edges").get(0);
        for (JsonNode file : List.of(nodes.path("nodes_file"), nodes.path("node_types_file"),
                edges.path("edges_file"), edges.path("edge_types_file"),
                circuit.path("components").path("point_neuron_models_dir"),
                circuit.path("components").path("synaptic_models_dir"))) {
            assertTrue(Files.exists(out.resolve(file.asText().replace("$BASE_DIR/", ""))), file.asText());
        }
        assertEquals("point_neuron", nodes.path("populations").path("neurons").path("type").asText());
        assertEquals("chemical", edges.path("populations").path("recurrent").path("type").asText());
        JsonNode simulation = json.readTree(out.resolve("simulation_config.json").toFile());
        assertEquals("NEST", simulation.path("target_simulator").asText());
        assertEquals(0.1, simulation.path("run").path("dt").asDouble(), 0.0);
        assertTrue(simulation.path("run").path("tstop").asDouble() > 0);
        assertEquals("$BASE_DIR/circuit_config.json", simulation.path("network").asText());
    }

    // ---------------------------------------------------------------------------------------------- CSR

    @Test
    void csrOfTheSeedModel() throws IOException {
        checkCsr(seedModel, export(seedModel, "csr"));
    }

    @Test
    void csrWithFloatWeightsAndDelays() throws IOException {
        checkCsr(floatDelays, export(floatDelays, "csr"));
    }

    private static void checkCsr(Path connectome, Path out) throws IOException {
        Edges edges = Edges.read(connectome);
        PostSummary summary = PostSummary.of(connectome);
        int e = edges.size();
        Npy indptr = Npy.read(out.resolve("indptr.npy"));
        indptr.assertShape("<i8", NEURONS + 1);
        Npy indices = Npy.read(out.resolve("indices.npy"));
        indices.assertShape("<i4", e);
        Npy weight = Npy.read(out.resolve("weight.npy"));
        weight.assertShape(edges.floatWeights() ? "<f4" : "<f8", e);
        assertEquals(edges.delays() != null, Files.exists(out.resolve("delay.npy")));
        Npy delay = edges.delays() == null ? null : Npy.read(out.resolve("delay.npy"));
        if (delay != null) {
            delay.assertShape("<f8", e);
        }
        assertEquals(0, indptr.data.getLong(0));
        for (int post = 0; post < NEURONS; post++) {
            long start = indptr.data.getLong(8 * post);
            long end = indptr.data.getLong(8 * (post + 1));
            assertEquals(summary.inDegree()[post], end - start, "indptr of post " + post);
            if (end > start) {
                assertEquals(summary.firstPre()[post], indices.data.getInt((int) (4 * start)), "first pre " + post);
                assertEquals(summary.lastPre()[post], indices.data.getInt((int) (4 * (end - 1))), "last pre " + post);
                double sum = 0;
                for (long i = start; i < end; i++) {
                    sum += weight.value((int) i);
                }
                assertEquals(summary.weightSum()[post], sum, 1e-9, "weight sum of post " + post);
            }
        }
        assertEquals(e, indptr.data.getLong(8 * NEURONS));
        for (int i = 0; i < e; i++) {
            assertEquals(edges.pres()[i], indices.data.getInt(4 * i), "indices " + i);
            assertEquals(edges.weights()[i], weight.value(i), 0.0, "weight " + i);
            if (delay != null) {
                assertEquals(edges.delays()[i], delay.value(i), 0.0, "delay " + i);
            }
        }

        Npy input = Npy.read(out.resolve("input_weight.npy"));
        input.assertShape("<f8", NEURONS, INPUTS);
        List<Row> inputRows = spark.read().parquet(connectome.resolve("input").toString()).orderBy("post", "input")
                .collectAsList();
        assertEquals(NEURONS * INPUTS, inputRows.size());
        for (Row row : inputRows) {
            assertEquals(row.getDouble(2), input.value(row.getInt(0) * INPUTS + row.getInt(1)), 0.0, row.toString());
        }
        Npy output = Npy.read(out.resolve("output_weight.npy"));
        output.assertShape("<f8", OUTPUTS, NEURONS);
        List<Row> outputRows = spark.read().parquet(connectome.resolve("output").toString())
                .orderBy("output", "pre").collectAsList();
        assertEquals(NEURONS * OUTPUTS, outputRows.size());
        for (Row row : outputRows) {
            assertEquals(row.getDouble(2), output.value(row.getInt(0) * NEURONS + row.getInt(1)), 0.0,
                    row.toString());
        }
    }

    /** A .npy file parsed by the format's definition (NumPy's NEP 1), independently of the writer. */
    private record Npy(String descr, boolean fortranOrder, long[] shape, ByteBuffer data) {
        private static final Pattern HEADER = Pattern.compile(
                "\\{'descr': '([<>|][a-z][0-9]+)', 'fortran_order': (True|False), 'shape': \\(([0-9, ]*)\\), \\} *\n");

        static Npy read(Path file) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[6];
            bytes.get(magic);
            assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, magic, file.toString());
            int major = bytes.get();
            assertEquals(0, bytes.get());
            int headerLength = switch (major) {
                case 1 -> Short.toUnsignedInt(bytes.getShort());
                case 2 -> bytes.getInt();
                default -> throw new AssertionError("format version " + major);
            };
            int dataStart = bytes.position() + headerLength;
            assertEquals(0, dataStart % 64, "data of " + file + " aligned to 64 bytes");
            String header = new String(bytes.array(), bytes.position(), headerLength, StandardCharsets.US_ASCII);
            Matcher matcher = HEADER.matcher(header);
            assertTrue(matcher.matches(), header);
            List<Long> dimensions = new ArrayList<>();
            for (String dimension : matcher.group(3).split(",")) {
                if (!dimension.isBlank()) {
                    dimensions.add(Long.parseLong(dimension.strip()));
                }
            }
            long[] shape = dimensions.stream().mapToLong(Long::longValue).toArray();
            long elements = dimensions.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
            int size = Integer.parseInt(matcher.group(1).substring(2));
            assertEquals(dataStart + elements * size, bytes.capacity(), file + ": header's shape vs file size");
            ByteBuffer data = bytes.position(dataStart).slice().order(ByteOrder.LITTLE_ENDIAN);
            return new Npy(matcher.group(1), matcher.group(2).equals("True"), shape, data);
        }

        void assertShape(String expectedDescr, long... expectedShape) {
            assertEquals(expectedDescr, descr);
            assertFalse(fortranOrder);
            assertArrayEquals(expectedShape, shape);
        }

        double value(int i) {
            return switch (descr) {
                case "<f4" -> data.getFloat(4 * i);
                case "<f8" -> data.getDouble(8 * i);
                default -> throw new AssertionError(descr);
            };
        }
    }

    // ---------------------------------------------------------------------------------------------- bad input

    /** A user error: exit 2, one line on stderr, nothing on stdout, nothing new in the output's directory. */
    private void assertUserError(Path parent, String expected, String... args) throws IOException {
        List<Path> before = listing(parent);
        Run run = TestConnectomes.run(args);
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("export: ") && run.err().contains(expected), run.err());
        assertEquals(before, listing(parent), "files written");
    }

    private static List<Path> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aPathWithoutConnectomeJsonIsAUserError() throws IOException {
        Path notAConnectome = Files.createDirectories(scratch.resolve("empty"));
        assertUserError(scratch, "no connectome.json", "export", notAConnectome.toString(), "--format", "csr",
                "--out", scratch.resolve("out").toString());
        assertUserError(scratch, "no connectome.json", "export", scratch.resolve("missing").toString(), "--format",
                "sonata", "--out", scratch.resolve("out").toString());
    }

    @Test
    void anUnknownFormatIsAUserError() throws IOException {
        assertUserError(scratch, "--format", "export", seedModel.toString(), "--format", "hdf5", "--out",
                scratch.resolve("out").toString());
    }

    @Test
    void anExistingDirectoryIsKeptWithoutOverwrite() throws IOException {
        Path existing = Files.createDirectories(scratch.resolve("existing"));
        Files.writeString(existing.resolve("keep.txt"), "mine");
        for (String format : List.of("sonata", "csr")) {
            assertUserError(scratch, "already exists", "export", seedModel.toString(), "--format", format,
                    "--out", existing.toString());
        }
        Run run = TestConnectomes.run("export", seedModel.toString(), "--format", "csr", "--out",
                existing.toString(), "--overwrite");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(Files.exists(existing.resolve("keep.txt")));
        assertTrue(Files.exists(existing.resolve("indptr.npy")));
        assertEquals(List.of(scratch, existing), listing(scratch).stream().filter(Files::isDirectory)
                .filter(path -> path.equals(scratch) || path.getParent().equals(scratch)).toList());
    }

    @Test
    void anUnwritableDirectoryIsAUserError() throws IOException {
        // A regular file where a directory must be: unwritable even for root, who ignores permissions.
        Path file = Files.writeString(scratch.resolve("a-file"), "x");
        assertUserError(scratch, "cannot write", "export", seedModel.toString(), "--format", "sonata", "--out",
                file.resolve("out").toString());
    }

    @Test
    void aFailedExportLeavesNothing() throws IOException {
        Path broken = TestConnectomes.copy(seedModel, "export-missing-file");
        try (Stream<Path> files = Files.list(broken.resolve("recurrent"))) {
            Files.delete(files.filter(path -> path.toString().endsWith(".parquet")).sorted().toList().get(1));
        }
        for (String format : List.of("sonata", "csr")) {
            Run run = TestConnectomes.run("export", broken.toString(), "--format", format, "--out",
                    scratch.resolve(format).toString());
            assertEquals(1, run.exitCode(), run.out() + run.err());
            assertTrue(run.err().contains("rows; connectome.json says"), run.err());
        }
        assertEquals(List.of(scratch), listing(scratch));
    }

    @Test
    void aNullIsAFailureThatLeavesNothing() throws IOException {
        Path withNull = TestConnectomes.copy(seedModel, "export-null-weight");
        TestConnectomes.delete(withNull.resolve("recurrent"));
        spark.sql("SELECT post, pre, CASE WHEN post = 300 AND pre % 7 = 0 THEN NULL ELSE weight END AS weight"
                + " FROM seed_recurrent ORDER BY post, pre").write().parquet(withNull.resolve("recurrent").toString());
        for (String format : List.of("sonata", "csr")) {
            Run run = TestConnectomes.run("export", withNull.toString(), "--format", format, "--out",
                    scratch.resolve(format).toString());
            assertEquals(1, run.exitCode(), run.out() + run.err());
            assertTrue(run.err().contains("column 'weight' holds a null"), run.err());
        }
        assertEquals(List.of(scratch), listing(scratch));
    }

    /** Rows the tables cannot hold fail the export, naming the row: ids outside 0 .. N-1, posts out of order. */
    @Test
    void rowsOutOfRangeOrOrderFailAndLeaveNothing() throws IOException {
        String[][] cases = {
            {"pre-outside", "post, CASE WHEN post = 300 THEN pre + 600 ELSE pre END AS pre, weight",
                "post, pre", "pre 6", "is not a neuron"},
            {"post-outside", "CASE WHEN post = 599 THEN 600 ELSE post END AS post, pre, weight", "post, pre",
                "post 600 is not a neuron"},
            {"posts-descending", "post, pre, weight", "post DESC, pre", "after", "(the table is not sorted by post)"},
        };
        for (String[] bad : cases) {
            Path recurrent = brokenRecurrent("export-" + bad[0]);
            spark.sql("SELECT " + bad[1] + " FROM seed_recurrent ORDER BY " + bad[2]).coalesce(1).write()
                    .parquet(recurrent.toString());
            assertBothFormatsFail(recurrent.getParent(), bad[0], Arrays.copyOfRange(bad, 3, bad.length));
        }
    }

    /** Two files, each sorted, in the wrong order: the order breaks between two batches. */
    @Test
    void filesOutOfOrderFailAndLeaveNothing() throws IOException {
        Path recurrent = brokenRecurrent("export-files-swapped");
        spark.table("seed_recurrent").repartitionByRange(2, functions.col("post"))
                .sortWithinPartitions("post", "pre").write().parquet(recurrent.toString());
        List<Path> parts;
        try (Stream<Path> files = Files.list(recurrent)) {
            parts = files.filter(path -> path.toString().endsWith(".parquet")).sorted().toList();
        }
        assertEquals(2, parts.size());
        Path aside = recurrent.resolve("aside");
        Files.move(parts.get(0), aside);
        Files.move(parts.get(1), parts.get(0));
        Files.move(aside, parts.get(1));
        assertBothFormatsFail(recurrent.getParent(), "files-swapped", "after", "(the table is not sorted by post)");
    }

    /** A copy of the seed model whose recurrent table a test writes anew: the returned directory, removed. */
    private static Path brokenRecurrent(String name) throws IOException {
        Path recurrent = TestConnectomes.copy(seedModel, name).resolve("recurrent");
        TestConnectomes.delete(recurrent);
        return recurrent;
    }

    /** Both exports of {@code broken} fail (exit 1) with a message naming a row and holding {@code fragments}. */
    private void assertBothFormatsFail(Path broken, String label, String... fragments) throws IOException {
        for (String format : List.of("sonata", "csr")) {
            Run run = TestConnectomes.run("export", broken.toString(), "--format", format, "--out",
                    scratch.resolve(format).toString());
            assertEquals(1, run.exitCode(), label + ": " + run.out() + run.err());
            assertTrue(run.err().contains("recurrent row ")
                    && Arrays.stream(fragments).allMatch(run.err()::contains), label + ": " + run.err());
        }
        assertEquals(List.of(scratch), listing(scratch));
    }

    @Test
    void aConnectomeWithoutSynapsesExportsEmptyArrays() throws IOException {
        Path empty = TestConnectomes.generate("export-empty", "--neurons", "50", "--synapses", "0", "--seed", "3");
        Run run = TestConnectomes.run("export", empty.toString(), "--format", "csr", "--out",
                scratch.resolve("csr").toString());
        assertEquals(0, run.exitCode(), run.err());
        Npy indptr = Npy.read(scratch.resolve("csr/indptr.npy"));
        indptr.assertShape("<i8", 51);
        for (int i = 0; i <= 50; i++) {
            assertEquals(0, indptr.data.getLong(8 * i));
        }
        Npy.read(scratch.resolve("csr/indices.npy")).assertShape("<i4", 0);
        Npy.read(scratch.resolve("csr/weight.npy")).assertShape("<f8", 0);
        Npy.read(scratch.resolve("csr/input_weight.npy")).assertShape("<f8", 50, 1);

        run = TestConnectomes.run("export", empty.toString(), "--format", "sonata", "--out",
                scratch.resolve("sonata").toString());
        assertEquals(0, run.exitCode(), run.err());
        try (HdfFile file = new HdfFile(scratch.resolve("sonata/edges.h5"))) {
            checkRoot(file);
            dataset(file, "/edges/recurrent/source_node_id", 4, false, 0);
            dataset(file, "/edges/recurrent/edge_type_id", 4, true, 0);
            long[] ranges = longs(dataset(file, "/edges/recurrent/indices/target_to_source/node_id_to_range", 8,
                    false, 50, 2));
            for (int node = 0; node < 50; node++) {
                assertEquals(ranges[2 * node], ranges[2 * node + 1], "node " + node + " has no edges");
            }
        }
    }
}
