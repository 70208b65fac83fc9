package org.connectome.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a network spec (SPEC 7) from a YAML or JSON file, or a preset shipped with the tool, into a validated
 * {@link Network}. Every problem is an {@link InvalidParameterException} of one line: the file, the key's path
 * ({@code projections[2].indegree}) and what is wrong.
 */
public final class NetworkSpec {
    /** The presets, as resources {@code /models/NAME.yaml}. */
    public static final List<String> PRESETS = List.of("seed", "brunel2000", "potjans2014");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "populations", "projections",
            "inputs", "outputs", "resolution");
    private static final Set<String> POPULATION_KEYS = Set.of("name", "size", "kind");
    private static final Set<String> PROJECTION_KEYS = Set.of("name", "source", "target", "rule", "synapses", "p",
            "indegree", "outdegree", "autapses", "multapses", "weight", "delay");
    private static final Set<String> DISTRIBUTION_KEYS = Set.of("distribution", "mean", "std", "min", "max",
            "value", "dale");

    private final String file;

    private NetworkSpec(String file) {
        this.file = file;
    }

    /** A preset's name or a spec file's path. */
    public static Network load(String nameOrFile) {
        if (PRESETS.contains(nameOrFile)) {
            try (InputStream in = NetworkSpec.class.getResourceAsStream("/models/" + nameOrFile + ".yaml")) {
                if (in == null) {
                    throw new IllegalStateException("preset " + nameOrFile + " is missing from the classpath");
                }
                return parse(nameOrFile, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                        true);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        Path path = Path.of(nameOrFile);
        if (!Files.isRegularFile(path)) {
            throw new InvalidParameterException("--model " + nameOrFile + ": neither a preset (" + String.join(", ",
                    PRESETS) + ") nor a readable file");
        }
        try {
            String text = Files.readString(path);
            return parse(nameOrFile, text, !nameOrFile.toLowerCase(Locale.ROOT).endsWith(".json"));
        } catch (IOException e) {
            throw new InvalidParameterException(nameOrFile + ": cannot be read: " + e.getMessage());
        }
    }

    /** Parses the text of a spec; {@code file} names it in messages. */
    public static Network parse(String file, String text, boolean yaml) {
        ObjectMapper mapper = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidParameterException(file + ": not valid " + (yaml ? "YAML" : "JSON") + ": "
                    + e.getOriginalMessage().replace('\n', ' '));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidParameterException(file + ": a network spec is a map with populations and projections");
        }
        return new NetworkSpec(file).network(root);
    }

    private Network network(JsonNode root) {
        keys(root, "", TOP_KEYS);
        JsonNode populationsNode = root.path("populations");
        if (!populationsNode.isArray() || populationsNode.isEmpty()) {
            throw error("populations", "a non-empty list of populations is required");
        }
        List<Population> populations = new ArrayList<>();
        Map<String, Population> byName = new LinkedHashMap<>();
        long next = 0;
        for (int i = 0; i < populationsNode.size(); i++) {
            String at = "populations[" + i + "]";
            JsonNode node = object(populationsNode.get(i), at);
            keys(node, at + ".", POPULATION_KEYS);
            String name = text(node, at + ".name", null);
            if (!NAME.matcher(name).matches()) {
                throw error(at + ".name", "'" + name + "' is not a name of letters, digits and _");
            }
            if (name.equals("all")) {
                throw error(at + ".name", "'all' names every population; choose another name");
            }
            if (byName.containsKey(name)) {
                throw error(at + ".name", "population " + name + " is defined twice");
            }
            long size = integer(node, at + ".size", null);
            if (size < 1) {
                throw error(at + ".size", "must be at least 1 (got " + size + ")");
            }
            if (next + size > ConnectomeModel.MAX_NEURONS) {
                throw error(at + ".size", "the populations hold more than 2^31 - 1 = " + ConnectomeModel.MAX_NEURONS
                        + " neurons in all (ids are 32-bit)");
            }
            String kind = text(node, at + ".kind", "excitatory");
            if (!kind.equals("excitatory") && !kind.equals("inhibitory")) {
                throw error(at + ".kind", "must be excitatory or inhibitory (got '" + kind + "')");
            }
            Population population = new Population(name, (int) next, (int) size, kind.equals("excitatory"));
            populations.add(population);
            byName.put(name, population);
            next += size;
        }
        double resolution = number(root, "resolution", 0.1);
        if (!(resolution > 0) || !Double.isFinite(resolution)) {
            throw error("resolution", "must be a positive number of ms (got " + resolution + ")");
        }
        long inputs = integer(root, "inputs", 0L);
        long outputs = integer(root, "outputs", 0L);
        if (inputs < 0 || inputs > Integer.MAX_VALUE) {
            throw error("inputs", "must be within [0, 2^31 - 1] (got " + inputs + ")");
        }
        if (outputs < 0 || outputs > Integer.MAX_VALUE) {
            throw error("outputs", "must be within [0, 2^31 - 1] (got " + outputs + ")");
        }
        JsonNode projectionsNode = root.path("projections");
        if (!projectionsNode.isMissingNode() && !projectionsNode.isArray()) {
            throw error("projections", "must be a list of projections");
        }
        List<Projection> projections = new ArrayList<>();
        for (int i = 0; i < projectionsNode.size(); i++) {
            projections.add(projection(i, projectionsNode.get(i), populations, byName, resolution));
        }
        for (Projection projection : projections) {
            if ((projection.delay() != null) != (projections.get(0).delay() != null)) {
                throw error("projections[" + projection.index() + "].delay", "either every projection has a delay"
                        + " or none has (the delay column is the whole table's)");
            }
        }
        String name = root.path("name").isTextual() ? root.path("name").asText() : file;
        return new Network(name, root.toString(), List.copyOf(populations), List.copyOf(projections), (int) inputs,
                (int) outputs, resolution);
    }

    private Projection projection(int index, JsonNode raw, List<Population> populations,
            Map<String, Population> byName, double resolution) {
        String at = "projections[" + index + "]";
        JsonNode node = object(raw, at);
        keys(node, at + ".", PROJECTION_KEYS);
        List<Population> sourceList = populationSet(node.path("source"), at + ".source", populations, byName);
        List<Population> targetList = populationSet(node.path("target"), at + ".target", populations, byName);
        NeuronSet sources = new NeuronSet(sourceList);
        NeuronSet targets = new NeuronSet(targetList);
        String ruleName = text(node, at + ".rule", null);
        Rule rule = Rule.of(ruleName);
        if (rule == null) {
            throw error(at + ".rule", "unknown rule '" + ruleName + "': use fixed_total_number, pairwise_bernoulli,"
                    + " fixed_indegree or fixed_outdegree");
        }
        String autapseName = text(node, at + ".autapses", "allow");
        AutapsePolicy autapses;
        try {
            autapses = AutapsePolicy.parse(autapseName);
        } catch (InvalidParameterException e) {
            throw error(at + ".autapses", "must be repair, exclude or allow (got '" + autapseName + "')");
        }
        JsonNode multapsesNode = node.path("multapses");
        if (!multapsesNode.isMissingNode() && !multapsesNode.isBoolean()) {
            throw error(at + ".multapses", "must be true or false");
        }
        boolean multapses = multapsesNode.isMissingNode() || multapsesNode.asBoolean();
        if (rule == Rule.PAIRWISE_BERNOULLI) {
            multapses = false; // the rule never repeats a cell
        }
        long fixedCount = 0;
        double p = 0;
        Set<String> parameterKeys = new LinkedHashSet<>(List.of("synapses", "p", "indegree", "outdegree"));
        String parameter = switch (rule) {
            case FIXED_TOTAL_NUMBER -> node.has("synapses") ? "synapses" : "p";
            case PAIRWISE_BERNOULLI -> "p";
            case FIXED_INDEGREE -> "indegree";
            case FIXED_OUTDEGREE -> "outdegree";
        };
        parameterKeys.remove(parameter);
        if (rule == Rule.FIXED_TOTAL_NUMBER) {
            parameterKeys.remove("p");
            parameterKeys.remove("synapses");
            if (node.has("p") && node.has("synapses")) {
                throw error(at + ".p", "give synapses or p, not both");
            }
        }
        for (String key : parameterKeys) {
            if (node.has(key)) {
                throw error(at + "." + key, "is not a parameter of " + rule.specName());
            }
        }
        long sourceSize = sources.size();
        long targetSize = targets.size();
        if (parameter.equals("p")) {
            p = number(node, at + ".p", null);
            if (!(p >= 0 && p <= 1)) {
                throw error(at + ".p", "must be within [0, 1] (got " + p + ")");
            }
            if (rule == Rule.FIXED_TOTAL_NUMBER) {
                // As the reference: round(|S| |T| p), half to even, of the double product.
                fixedCount = (long) Math.rint((double) (sourceSize * targetSize) * p);
                p = 0;
            }
        } else {
            fixedCount = integer(node, at + "." + parameter, null);
            if (fixedCount < 0) {
                throw error(at + "." + parameter, "must not be negative (got " + fixedCount + ")");
            }
        }
        Distribution[] weights = weights(node.path("weight"), at + ".weight", populations, sourceList);
        Distribution delay = null;
        if (node.has("delay")) {
            delay = distribution(node.path("delay"), at + ".delay", false, true).bounded(resolution,
                    Double.POSITIVE_INFINITY);
            if (delay.acceptance() < Distribution.MIN_ACCEPTANCE) {
                throw error(at + ".delay", "a delay of at least the resolution " + resolution
                        + " ms is rarer than 1 in 10^6 under this law");
            }
        }
        Projection projection = new Projection(index, asWritten(node.path("source")), asWritten(node.path("target")),
                sources, targets, rule, fixedCount, p, autapses, multapses, weights, delay);
        checkCapacity(projection, at, parameter);
        return projection;
    }

    /** More synapses than the policy allows, an in-degree above the candidates without multapses. */
    private void checkCapacity(Projection projection, String at, String parameter) {
        long sourceSize = projection.sources().size();
        long targetSize = projection.targets().size();
        long shared = projection.shared();
        boolean excludes = projection.excludesSelf();
        switch (projection.rule()) {
            case FIXED_TOTAL_NUMBER -> {
                long cells = sourceSize * targetSize - (excludes ? shared : 0);
                if (!projection.multapses() && projection.fixedCount() > cells) {
                    throw error(at + "." + parameter, projection.fixedCount() + " synapses exceed the " + cells
                            + " cells without multapses" + (excludes ? " or autapses" : ""));
                }
                if (projection.multapses() && projection.fixedCount() > 0 && cells == 0) {
                    throw error(at + "." + parameter, "there is no cell to put a synapse in");
                }
            }
            case FIXED_INDEGREE -> {
                long candidates = sourceSize - (excludes ? 1 : 0);
                if (projection.fixedCount() > 0 && (candidates < 1 || !projection.multapses()
                        && projection.fixedCount() > candidates)) {
                    throw error(at + ".indegree", "an in-degree of " + projection.fixedCount() + " exceeds the "
                            + candidates + " sources a target can draw " + (projection.multapses() ? ""
                            : "without multapses") + (excludes ? " or autapses" : ""));
                }
                if ((double) projection.fixedCount() * targetSize > Long.MAX_VALUE / 2) {
                    throw error(at + ".indegree", "too many synapses");
                }
            }
            case FIXED_OUTDEGREE -> {
                long candidates = targetSize - (excludes ? 1 : 0);
                if (projection.fixedCount() > 0 && (candidates < 1 || !projection.multapses()
                        && projection.fixedCount() > candidates)) {
                    throw error(at + ".outdegree", "an out-degree of " + projection.fixedCount() + " exceeds the "
                            + candidates + " targets a source can draw " + (projection.multapses() ? ""
                            : "without multapses") + (excludes ? " or autapses" : ""));
                }
                if (targetSize > Integer.MAX_VALUE || (double) projection.fixedCount() * sourceSize > Long.MAX_VALUE / 2) {
                    throw error(at + ".outdegree", "too many synapses");
                }
            }
            default -> {
            }
        }
    }

    private Distribution[] weights(JsonNode node, String at, List<Population> populations,
            List<Population> sources) {
        Distribution[] byPopulation = new Distribution[populations.size()];
        if (node.isMissingNode()) {
            throw error(at, "a weight law is required");
        }
        object(node, at);
        if (node.has("distribution")) {
            for (Population source : sources) {
                byPopulation[populations.indexOf(source)] = weight(node, at, source);
            }
            return byPopulation;
        }
        // A map from source population names to laws (the reference's model: weights keyed by source).
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            Population source = populations.stream().filter(p -> p.name().equals(field.getKey())).findFirst()
                    .orElseThrow(() -> error(at + "." + field.getKey(), "unknown population " + field.getKey()));
            if (!sources.contains(source)) {
                throw error(at + "." + field.getKey(), "population " + field.getKey() + " is not a source of this"
                        + " projection");
            }
            byPopulation[populations.indexOf(source)] = weight(field.getValue(), at + "." + field.getKey(), source);
        }
        for (Population source : sources) {
            if (byPopulation[populations.indexOf(source)] == null) {
                throw error(at, "no weight law for the source population " + source.name());
            }
        }
        return byPopulation;
    }

    private Distribution weight(JsonNode node, String at, Population source) {
        Distribution law = distribution(node, at, true, false);
        if (node.path("dale").asBoolean(false)) {
            law = source.excitatory() ? law.bounded(0, Double.POSITIVE_INFINITY)
                    : law.bounded(Double.NEGATIVE_INFINITY, 0);
            if (law.acceptance() < Distribution.MIN_ACCEPTANCE) {
                throw error(at + ".dale", "a weight of the sign of " + source.name() + " (" + (source.excitatory()
                        ? ">= 0" : "<= 0") + ") is rarer than 1 in 10^6 under this law");
            }
        }
        return law;
    }

    private Distribution distribution(JsonNode raw, String at, boolean mayHaveDale, boolean positive) {
        JsonNode node = object(raw, at);
        keys(node, at + ".", DISTRIBUTION_KEYS);
        if (!mayHaveDale && node.has("dale")) {
            throw error(at + ".dale", "only weights follow Dale's law");
        }
        if (node.has("dale") && !node.path("dale").isBoolean()) {
            throw error(at + ".dale", "must be true or false");
        }
        String kind = text(node, at + ".distribution", null);
        Set<String> allowed;
        Distribution law;
        switch (kind) {
            case "normal", "lognormal" -> {
                allowed = Set.of("distribution", "mean", "std", "min", "max", "dale");
                double mean = number(node, at + ".mean", null);
                double std = number(node, at + ".std", null);
                if (!(std >= 0) || !Double.isFinite(std)) {
                    throw error(at + ".std", "must be a finite number >= 0 (got " + std + ")");
                }
                if (kind.equals("lognormal") && !(mean > 0)) {
                    throw error(at + ".mean", "a lognormal value's mean must be positive (got " + mean + ")");
                }
                law = kind.equals("normal") ? Distribution.normal(mean, std) : Distribution.lognormal(mean, std);
            }
            case "uniform" -> {
                allowed = Set.of("distribution", "min", "max", "dale");
                double min = number(node, at + ".min", null);
                double max = number(node, at + ".max", null);
                if (!(min <= max)) {
                    throw error(at + ".max", "must be at least min (" + min + "; got " + max + ")");
                }
                law = Distribution.uniform(min, max);
            }
            case "constant" -> {
                allowed = Set.of("distribution", "value", "dale");
                law = Distribution.constant(number(node, at + ".value", null));
            }
            default -> throw error(at + ".distribution", "unknown distribution '" + kind
                    + "': use normal, lognormal, uniform or constant");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw error(at + "." + key, "is not a parameter of the " + kind + " distribution");
            }
        }
        if (!kind.equals("uniform") && (node.has("min") || node.has("max"))) {
            law = law.bounded(number(node, at + ".min", Double.NEGATIVE_INFINITY),
                    number(node, at + ".max", Double.POSITIVE_INFINITY));
            if (law.acceptance() < Distribution.MIN_ACCEPTANCE) {
                throw error(at, "a value within [min, max] is rarer than 1 in 10^6 under this law");
            }
        }
        return law;
    }

    private List<Population> populationSet(JsonNode node, String at, List<Population> populations,
            Map<String, Population> byName) {
        if (node.isMissingNode()) {
            throw error(at, "is required (a population, a list of populations, or all)");
        }
        if (node.isTextual() && node.asText().equals("all")) {
            return populations;
        }
        List<JsonNode> names = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(names::add);
        } else {
            names.add(node);
        }
        if (names.isEmpty()) {
            throw error(at, "names no population");
        }
        List<Population> set = new ArrayList<>();
        for (JsonNode name : names) {
            Population population = name.isTextual() ? byName.get(name.asText()) : null;
            if (population == null) {
                throw error(at, "unknown population " + name);
            }
            if (set.contains(population)) {
                throw error(at, "population " + name.asText() + " is named twice");
            }
            set.add(population);
        }
        return set;
    }

    private void keys(JsonNode node, String prefix, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw error(prefix + key, "unknown key (expected one of " + String.join(", ", new java.util.TreeSet<>(
                        allowed)) + ")");
            }
        }
    }

    private JsonNode object(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw error(at, "must be a map");
        }
        return node;
    }

    private String text(JsonNode node, String at, String fallback) {
        JsonNode value = node.path(leaf(at));
        if (value.isMissingNode() && fallback != null) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw error(at, value.isMissingNode() ? "is required" : "must be a string");
        }
        return value.asText();
    }

    private long integer(JsonNode node, String at, Long fallback) {
        JsonNode value = node.path(leaf(at));
        if (value.isMissingNode() && fallback != null) {
            return fallback;
        }
        if (value.isNumber() && value.canConvertToLong() && value.asDouble() == Math.rint(value.asDouble())) {
            return value.asLong();
        }
        throw error(at, value.isMissingNode() ? "is required" : "must be a whole number (got " + value + ")");
    }

    private double number(JsonNode node, String at, Double fallback) {
        JsonNode value = node.path(leaf(at));
        if (value.isMissingNode() && fallback != null) {
            return fallback;
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw error(at, value.isMissingNode() ? "is required" : "must be a finite number (got " + value + ")");
        }
        return value.asDouble();
    }

    /** A population name as written, or the list of them as JSON. */
    private static String asWritten(JsonNode node) {
        return node.isTextual() ? node.asText() : node.toString();
    }

    private static String leaf(String at) {
        return at.substring(at.lastIndexOf('.') + 1);
    }

    private InvalidParameterException error(String at, String problem) {
        return new InvalidParameterException(file + ": " + at + ": " + problem);
    }
}
