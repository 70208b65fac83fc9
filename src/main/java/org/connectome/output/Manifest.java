package org.connectome.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.InvalidParameterException;
import org.connectome.model.ModelOptions;
import org.connectome.model.Network;
import org.connectome.model.NetworkSpec;
import org.connectome.model.Population;
import org.connectome.model.Projection;
import org.connectome.model.WeightType;

/**
 * {@code connectome.json}: what a connectome is (every parameter, derived value and the seed), what it holds
 * (each table's rows) and how it was made. Written last: its presence marks a complete connectome.
 *
 * @param model      the parameters; {@link ModelOptions#parse} of {@code parameters} gives it back exactly
 * @param weightType how the weights are stored ({@code parameters.weight_type}; double when absent)
 * @param tableRows  rows of each table
 * @param run       free-form facts of the run (times, Spark version, master, partitions)
 */
public record Manifest(ConnectomeModel model, WeightType weightType, Map<EdgeTable, Long> tableRows,
        Map<String, Object> run) {
    public static final int FORMAT_VERSION = 3;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A manifest of double weights. */
    public Manifest(ConnectomeModel model, Map<EdgeTable, Long> tableRows, Map<String, Object> run) {
        this(model, WeightType.DOUBLE, tableRows, run);
    }

    public JsonNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        ObjectNode generator = root.putObject("generator");
        generator.put("name", "connectome");
        generator.put("version", generatorVersion());
        ObjectNode parameters = root.putObject("parameters");
        if (model.network() != null) {
            parameters.put("model", model.network().name());
            parameters.put("neurons", model.neurons());
            parameters.put("synapses", model.synapses());
            parameters.put("inputs", model.inputs());
            parameters.put("outputs", model.outputs());
            parameters.put("seed", model.seed());
            parameters.put("weight_type", weightType.cliName());
            ObjectNode derived = root.putObject("derived");
            derived.put("n_syn", model.synapses());
            putFinite(derived, "input_scale", model.inputScale());
            putFinite(derived, "output_scale", model.outputScale());
        } else {
            referenceParameters(root, parameters);
        }
        root.put("seed", model.seed());
        if (model.network() != null) {
            root.set("network", networkJson(model));
        }
        ObjectNode tables = root.putObject("tables");
        tableRows.forEach((table, rows) -> {
            ObjectNode node = tables.putObject(table.tableName());
            node.put("rows", rows);
            node.put("path", table.tableName());
            node.putPOJO("sorted_by", table == EdgeTable.NEURONS
                    ? new String[] {"id"} : new String[] {table.firstColumn(), table.secondColumn()});
        });
        root.set("run", JSON.valueToTree(run));
        return root;
    }

    private void referenceParameters(ObjectNode root, ObjectNode parameters) {
        parameters.put("neurons", model.neurons());
        parameters.put("p", model.connectionProbability());
        parameters.put("synapses", model.synapses());
        parameters.put("exc_fraction", model.excitatoryFraction());
        parameters.put("mu_e", model.muExcitatory());
        parameters.put("sigma0", model.sigma0());
        parameters.put("inputs", model.inputs());
        parameters.put("outputs", model.outputs());
        parameters.put("autapses", model.autapses().cliName());
        parameters.put("topology", model.topology().cliName());
        parameters.put("seed", model.seed());
        parameters.put("weight_type", weightType.cliName());
        ObjectNode derived = root.putObject("derived");
        derived.put("n_syn", model.synapses());
        derived.put("excitatory_neurons", model.excitatoryNeurons());
        derived.put("inhibitory_neurons", model.neurons() - model.excitatoryNeurons());
        derived.put("mu_i", model.muInhibitory());
        putFinite(derived, "recurrent_scale", model.recurrentScale());
        putFinite(derived, "input_scale", model.inputScale());
        putFinite(derived, "output_scale", model.outputScale());
    }

    /** The spec as given and every count derived from it, per population and projection (SPEC 7). */
    private static ObjectNode networkJson(ConnectomeModel model) {
        Network network = model.network();
        ObjectNode node = JSON.createObjectNode();
        node.put("name", network.name());
        try {
            node.set("spec", JSON.readTree(network.spec()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        node.put("resolution", network.resolution());
        node.put("delays", network.hasDelays());
        ArrayNode populations = node.putArray("populations");
        for (Population population : network.populations()) {
            ObjectNode p = populations.addObject();
            p.put("name", population.name());
            p.put("first_id", population.first());
            p.put("size", population.size());
            p.put("kind", population.excitatory() ? "excitatory" : "inhibitory");
        }
        ArrayNode projections = node.putArray("projections");
        for (Projection projection : network.projections()) {
            ObjectNode p = projections.addObject();
            p.put("index", projection.index());
            p.put("source", projection.sourceName());
            p.put("target", projection.targetName());
            p.put("rule", projection.rule().specName());
            p.put("autapses", projection.autapses().cliName());
            p.put("multapses", projection.multapses());
            p.put("sources", projection.sources().size());
            p.put("targets", projection.targets().size());
            p.put("synapses", network.synapses(projection, model.seed()));
        }
        return node;
    }

    /** Writes the manifest as a file of the given file system. */
    public void write(FileSystem fileSystem, Path path) throws IOException {
        try (OutputStream out = fileSystem.create(path, false)) {
            JSON.writeValue(out, toJson());
        }
    }

    /** Reads the manifest of a written connectome; a missing or unreadable one is a user error. */
    public static Manifest read(String connectome, Configuration conf) {
        Path path = new Path(new Path(connectome), OutputLocation.MANIFEST);
        JsonNode root;
        try {
            FileSystem fileSystem = NioLocalFileSystem.of(path, conf);
            if (!fileSystem.exists(path)) {
                throw new InvalidParameterException(connectome + " is not a complete connectome: it has no "
                        + OutputLocation.MANIFEST);
            }
            try (InputStream in = fileSystem.open(path)) {
                root = JSON.readTree(in);
            }
        } catch (IOException e) {
            throw new InvalidParameterException("cannot read " + path + ": " + OutputLocation.oneLine(e));
        }
        JsonNode parameters = root.path("parameters");
        if (root.has("network")) {
            // A network's model is its spec under the seed; the reference's parameters only describe it.
            JsonNode network = root.path("network");
            ConnectomeModel model = ConnectomeModel.ofNetwork(NetworkSpec.parse(network.path("name").asText(),
                    network.path("spec").toString(), false), parameters.path("seed").asLong());
            Map<EdgeTable, Long> rows = new LinkedHashMap<>();
            root.path("tables").fields().forEachRemaining(field -> rows.put(EdgeTable.parse(field.getKey()),
                    field.getValue().path("rows").asLong()));
            @SuppressWarnings("unchecked")
            Map<String, Object> run = JSON.convertValue(root.path("run"), Map.class);
            return new Manifest(model, WeightType.parse(parameters.path("weight_type").asText("double")), rows,
                    run);
        }
        Map<String, String> options = new LinkedHashMap<>();
        parameters.fields().forEachRemaining(field -> options.put(field.getKey().replace('_', '-'),
                field.getValue().asText()));
        options.put(ModelOptions.SEED, parameters.path("seed").asText());
        ConnectomeModel model = ModelOptions.parse(options);
        WeightType weightType = ModelOptions.weightType(options);
        Map<EdgeTable, Long> rows = new LinkedHashMap<>();
        root.path("tables").fields().forEachRemaining(field -> rows.put(EdgeTable.parse(field.getKey()),
                field.getValue().path("rows").asLong()));
        @SuppressWarnings("unchecked")
        Map<String, Object> run = JSON.convertValue(root.path("run"), Map.class);
        return new Manifest(model, weightType, rows, run);
    }

    /** The project version, written into the classes by the build. */
    public static String generatorVersion() {
        Properties properties = new Properties();
        try (InputStream in = Manifest.class.getResourceAsStream("/connectome-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }

    /** A timestamp for the run section. */
    public static String now() {
        return Instant.now().toString();
    }

    private static void putFinite(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field); // p = 0 or an empty input/output table: nothing is scaled
        }
    }
}
