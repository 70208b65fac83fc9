package org.connectome.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.connectome.output.ChannelOutput;

/**
 * {@code export --format sonata} (SPEC 8): the recurrent network as a SONATA circuit that NEST's SonataNetwork,
 * libsonata and BMTK read as it is (notes/sonata.md has what each needs). One node population,
 * {@value #NODE_POPULATION}, whose node types are the connectome's populations (E, I, ...); one edge population,
 * {@value #EDGE_POPULATION}, with an edge type per (source population, target population) pair, the weights as
 * {@code 0/syn_weight}, delays (where the table has them) as {@code 0/delay}, and the {@code target_to_source}
 * index under both of its names. The input and output tables are dense read-in and read-out matrices of a rate
 * model, not synapses between nodes: they go to the csr export only (see README).
 */
final class SonataExport {
    static final String NODE_POPULATION = "neurons";
    static final String EDGE_POPULATION = "recurrent";
    static final String NEURON_MODEL = "nest:iaf_psc_alpha";
    static final String SYNAPSE_MODEL = "static_synapse";
    static final String NEURON_MODELS_DIR = "components/point_neuron_models";
    static final String SYNAPSE_MODELS_DIR = "components/synaptic_models";
    private static final double DEFAULT_TSTOP = 1000.0;

    private SonataExport() {
    }

    static void write(ExportInput input, Path directory) throws IOException {
        Populations populations = input.populations();
        writeNodes(input, populations, directory.resolve("nodes.h5"));
        writeEdges(input, populations, directory.resolve("edges.h5"));
        writeTypes(populations, directory);
        writeConfigs(input, directory);
    }

    private static void sonataRoot(Hdf5File file) {
        file.root().attribute("version", Hdf5File.DataType.UINT32, new long[] {0, 1}, 2);
        file.root().attribute("magic", Hdf5File.DataType.UINT32, new long[] {0x0A7A});
    }

    private static void writeNodes(ExportInput input, Populations populations, Path path) throws IOException {
        long neurons = input.neurons();
        Hdf5File file = new Hdf5File();
        sonataRoot(file);
        Hdf5File.Group population = file.root().group("nodes").group(NODE_POPULATION);
        Hdf5File.Dataset typeIds = population.dataset("node_type_id", Hdf5File.DataType.INT32, neurons);
        Hdf5File.Dataset ids = population.dataset("node_id", Hdf5File.DataType.UINT32, neurons);
        Hdf5File.Dataset groupIds = population.dataset("node_group_id", Hdf5File.DataType.UINT32, neurons);
        Hdf5File.Dataset groupIndex = population.dataset("node_group_index", Hdf5File.DataType.UINT32, neurons);
        population.group("0");
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            file.writeMetadata(channel);
            ChannelOutput types = output(channel, typeIds);
            ChannelOutput id = output(channel, ids);
            ChannelOutput group = output(channel, groupIds);
            ChannelOutput index = output(channel, groupIndex);
            for (int p = 0; p < populations.count(); p++) {
                for (long node = populations.starts()[p]; node < populations.starts()[p + 1]; node++) {
                    types.putInt(p);
                    id.putInt((int) node);
                    group.putInt(0);
                    index.putInt((int) node);
                }
            }
            types.finish();
            id.finish();
            group.finish();
            index.finish();
        }
    }

    private static void writeEdges(ExportInput input, Populations populations, Path path) throws IOException {
        long synapses = input.synapses();
        long neurons = input.neurons();
        try (RecurrentRows rows = RecurrentRows.open(input);
                FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                ChannelOutput.Direct direct = ChannelOutput.openDirect(path, channel)) {
            Hdf5File file = new Hdf5File();
            sonataRoot(file);
            Hdf5File.Group population = file.root().group("edges").group(EDGE_POPULATION);
            Hdf5File.Dataset sourceIds = population.dataset("source_node_id", Hdf5File.DataType.UINT32, synapses);
            sourceIds.attribute("node_population", NODE_POPULATION);
            Hdf5File.Dataset targetIds = population.dataset("target_node_id", Hdf5File.DataType.UINT32, synapses);
            targetIds.attribute("node_population", NODE_POPULATION);
            Hdf5File.Dataset typeIds = population.dataset("edge_type_id", Hdf5File.DataType.INT32, synapses);
            Hdf5File.Dataset groupIds = population.dataset("edge_group_id", Hdf5File.DataType.UINT32, synapses);
            Hdf5File.DataType indexType = synapses <= 0xFFFF_FFFFL ? Hdf5File.DataType.UINT32
                    : Hdf5File.DataType.UINT64;
            Hdf5File.Dataset groupIndex = population.dataset("edge_group_index", indexType, synapses);
            Hdf5File.Group group = population.group("0");
            Hdf5File.Dataset weights = group.dataset("syn_weight", rows.weightType(), synapses);
            Hdf5File.Dataset delays = rows.delayType() == null ? null
                    : group.dataset("delay", rows.delayType(), synapses);
            Hdf5File.Group index = population.group("indices").group("target_to_source");
            Hdf5File.Dataset nodeRanges = index.dataset("node_id_to_range", Hdf5File.DataType.UINT64, neurons, 2);
            index.link("node_id_to_ranges", nodeRanges); // BMTK reads the first name, libsonata the second
            Hdf5File.Dataset edgeRanges = index.dataset("range_to_edge_id", Hdf5File.DataType.UINT64, neurons, 2);
            file.writeMetadata(channel);

            // The per-edge datasets are most of the bytes: written direct (see ChannelOutput), the rest buffered.
            ChannelOutput source = output(channel, direct, sourceIds);
            ChannelOutput target = output(channel, direct, targetIds);
            ChannelOutput type = output(channel, direct, typeIds);
            ChannelOutput groupId = output(channel, direct, groupIds);
            ChannelOutput groupRow = output(channel, direct, groupIndex);
            ChannelOutput weight = output(channel, direct, weights);
            ChannelOutput delay = delays == null ? null : output(channel, direct, delays);
            ChannelOutput nodeRange = output(channel, direct, nodeRanges);
            ChannelOutput edgeRange = output(channel, direct, edgeRanges);
            // Edges are sorted by target: one range of edges per target node; a node without edges has an empty
            // range of ranges, so no empty edge range is ever referenced.
            long[] previousStart = {0};
            RecurrentRows.NodeStarts starts = (node, row) -> {
                if (node > 0) {
                    long target0 = node - 1;
                    nodeRange.putLong(target0);
                    nodeRange.putLong(row > previousStart[0] ? target0 + 1 : target0);
                    edgeRange.putLong(previousStart[0]);
                    edgeRange.putLong(row);
                }
                previousStart[0] = row;
            };
            long edge = 0;
            int[] types = new int[RecurrentRows.BATCH_ROWS];
            int[] zeros = new int[RecurrentRows.BATCH_ROWS];
            int[] rowNumbers32 = indexType == Hdf5File.DataType.UINT32 ? new int[RecurrentRows.BATCH_ROWS] : null;
            long[] rowNumbers64 = rowNumbers32 == null ? new long[RecurrentRows.BATCH_ROWS] : null;
            int[] bounds = populations.bounds();
            for (int count = rows.next(starts); count > 0; count = rows.next(starts)) {
                int[] posts = rows.posts();
                int[] pres = rows.pres();
                edgeTypes(pres, posts, count, bounds, types);
                source.putInts(pres, 0, count);
                target.putInts(posts, 0, count);
                type.putInts(types, 0, count);
                groupId.putInts(zeros, 0, count);
                if (rowNumbers32 != null) {
                    groupRow.putInts(rowNumbers(edge, count, rowNumbers32), 0, count);
                } else {
                    groupRow.putLongs(rowNumbers(edge, count, rowNumbers64), 0, count);
                }
                edge += count;
                RecurrentRows.putValues(weight, rows.weights(), count);
                if (delay != null) {
                    RecurrentRows.putValues(delay, rows.delays(), count);
                }
            }
            for (ChannelOutput out : new ChannelOutput[] {source, target, type, groupId, groupRow, weight, delay,
                nodeRange, edgeRange}) {
                if (out != null) {
                    out.finish();
                }
            }
        }
    }

    private static ChannelOutput output(FileChannel channel, Hdf5File.Dataset dataset) {
        return output(channel, null, dataset);
    }

    /** A dataset's bytes, direct when it is large and {@code direct} is not null. */
    private static ChannelOutput output(FileChannel channel, ChannelOutput.Direct direct,
            Hdf5File.Dataset dataset) {
        return ChannelOutput.region(channel, direct, dataset.dataAddress(), dataset.byteSize(), "dataset");
    }

    /**
     * The edge types of a batch: small and static, so that a fresh JVM compiles this loop early and on its own
     * rather than as part of writeEdges.
     */
    private static void edgeTypes(int[] pres, int[] posts, int count, int[] bounds, int[] types) {
        int populations = bounds.length + 1;
        for (int i = 0; i < count; i++) {
            int pre = pres[i];
            int post = posts[i];
            int source = 0;
            int target = 0;
            for (int bound : bounds) {
                source += pre >= bound ? 1 : 0;
                target += post >= bound ? 1 : 0;
            }
            types[i] = edgeType(source, target, populations);
        }
    }

    /** {@code first, first + 1, ...}: the edges' rows in group 0 (uint32 here, the edges being fewer than 2^32). */
    private static int[] rowNumbers(long first, int count, int[] out) {
        int start = (int) first;
        for (int i = 0; i < count; i++) {
            out[i] = start + i;
        }
        return out;
    }

    private static long[] rowNumbers(long first, int count, long[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = first + i;
        }
        return out;
    }

    /** The edge type of a (source population, target population) pair. */
    static int edgeType(int source, int target, int populations) {
        return source * populations + target;
    }

    /** The type tables (single-space separated, as BMTK and NEST read them) and their placeholder parameters. */
    private static void writeTypes(Populations populations, Path directory) throws IOException {
        Path neuronModels = Files.createDirectories(directory.resolve(NEURON_MODELS_DIR));
        Path synapseModels = Files.createDirectories(directory.resolve(SYNAPSE_MODELS_DIR));
        List<String> nodeTypes = new ArrayList<>();
        nodeTypes.add("node_type_id model_type model_template dynamics_params pop_name");
        List<String> edgeTypes = new ArrayList<>();
        edgeTypes.add("edge_type_id model_template dynamics_params source_pop_name target_pop_name");
        int count = populations.count();
        for (int p = 0; p < count; p++) {
            String name = populations.names().get(p);
            nodeTypes.add(p + " point_neuron " + NEURON_MODEL + " " + name + ".json " + name);
            Files.writeString(neuronModels.resolve(name + ".json"), "{}\n");
        }
        for (int source = 0; source < count; source++) {
            for (int target = 0; target < count; target++) {
                String pair = populations.names().get(source) + "_to_" + populations.names().get(target);
                edgeTypes.add(edgeType(source, target, count) + " " + SYNAPSE_MODEL + " " + pair + ".json "
                        + populations.names().get(source) + " " + populations.names().get(target));
                Files.writeString(synapseModels.resolve(pair + ".json"), "{}\n");
            }
        }
        Files.write(directory.resolve("node_types.csv"), nodeTypes, StandardCharsets.UTF_8);
        Files.write(directory.resolve("edge_types.csv"), edgeTypes, StandardCharsets.UTF_8);
    }

    private static void writeConfigs(ExportInput input, Path directory) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode circuit = json.createObjectNode();
        circuit.putObject("manifest").put("$BASE_DIR", ".");
        circuit.putObject("components")
                .put("point_neuron_models_dir", "$BASE_DIR/" + NEURON_MODELS_DIR)
                .put("synaptic_models_dir", "$BASE_DIR/" + SYNAPSE_MODELS_DIR);
        ObjectNode networks = circuit.putObject("networks");
        ObjectNode nodes = networks.putArray("nodes").addObject();
        nodes.put("nodes_file", "$BASE_DIR/nodes.h5").put("node_types_file", "$BASE_DIR/node_types.csv");
        nodes.putObject("populations").putObject(NODE_POPULATION).put("type", "point_neuron");
        ObjectNode edges = networks.putArray("edges").addObject();
        edges.put("edges_file", "$BASE_DIR/edges.h5").put("edge_types_file", "$BASE_DIR/edge_types.csv");
        edges.putObject("populations").putObject(EDGE_POPULATION).put("type", "chemical");
        json.writeValue(directory.resolve("circuit_config.json").toFile(), circuit);

        ObjectNode simulation = json.createObjectNode();
        simulation.putObject("manifest").put("$BASE_DIR", ".").put("$OUTPUT_DIR", "$BASE_DIR/output");
        simulation.put("target_simulator", "NEST");
        simulation.put("network", "$BASE_DIR/circuit_config.json");
        simulation.putObject("run").put("tstop", DEFAULT_TSTOP).put("dt", input.resolution())
                .put("random_seed", input.seed() & 0x7FFF_FFFFL);
        simulation.putObject("output").put("output_dir", "$OUTPUT_DIR").put("spikes_file", "spikes.h5");
        json.writeValue(directory.resolve("simulation_config.json").toFile(), simulation);
    }
}
