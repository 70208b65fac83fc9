package org.connectome.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A model as string options, the form the Spark data source takes ({@code OPTIONS (neurons '1000', p '0.1')})
 * and the command line's long option names. Missing options take the documented defaults of
 * {@code connectome.properties} (kept in {@code conf/} and packaged into the jar).
 */
public final class ModelOptions {
    public static final String NEURONS = "neurons";
    public static final String P = "p";
    public static final String SYNAPSES = "synapses";
    public static final String EXC_FRACTION = "exc-fraction";
    public static final String MU_E = "mu-e";
    public static final String SIGMA0 = "sigma0";
    public static final String INPUTS = "inputs";
    public static final String OUTPUTS = "outputs";
    public static final String AUTAPSES = "autapses";
    public static final String TOPOLOGY = "topology";
    public static final String SEED = "seed";
    /** How weights are stored: double (default) or float; not part of the model, whose weights are doubles. */
    public static final String WEIGHT_TYPE = "weight-type";

    private static final String DEFAULTS_RESOURCE = "/connectome.properties";

    private ModelOptions() {
    }

    /** The packaged defaults. */
    public static Properties defaults() {
        Properties properties = new Properties();
        try (InputStream in = ModelOptions.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("connectome.properties is missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /**
     * The model the options describe. {@code neurons} and {@code seed} are required, and {@code p} or
     * {@code synapses}; given both, {@code synapses} is the exact count and {@code p} sets the weight scale.
     */
    public static ConnectomeModel parse(Map<String, String> options) {
        Map<String, String> given = new LinkedHashMap<>();
        options.forEach((key, value) -> given.put(key.toLowerCase(Locale.ROOT), value));
        Properties defaults = defaults();
        long neurons = parseCount(NEURONS, require(given, NEURONS));
        long seed = parseLong(SEED, require(given, SEED));
        String p = given.get(P);
        String synapses = given.get(SYNAPSES);
        if (p == null && synapses == null) {
            throw new InvalidParameterException("give the connection probability p or the synapse count synapses");
        }
        double f = parseDouble(EXC_FRACTION, valueOf(given, defaults, EXC_FRACTION));
        double muE = parseDouble(MU_E, valueOf(given, defaults, MU_E));
        double sigma0 = parseDouble(SIGMA0, valueOf(given, defaults, SIGMA0));
        long inputs = parseCount(INPUTS, valueOf(given, defaults, INPUTS));
        long outputs = parseCount(OUTPUTS, valueOf(given, defaults, OUTPUTS));
        AutapsePolicy autapses = AutapsePolicy.parse(valueOf(given, defaults, AUTAPSES));
        Topology topology = Topology.parse(valueOf(given, defaults, TOPOLOGY));
        if (synapses == null) {
            return ConnectomeModel.withProbability(neurons, parseDouble(P, p), f, muE, sigma0, inputs, outputs,
                    autapses, topology, seed);
        }
        ConnectomeModel model = ConnectomeModel.withSynapseCount(neurons, parseCount(SYNAPSES, synapses), f, muE,
                sigma0, inputs, outputs, autapses, topology, seed);
        if (p == null) {
            return model;
        }
        return new ConnectomeModel(model.neurons(), model.synapses(), parseDouble(P, p), f, muE, sigma0,
                model.inputs(), model.outputs(), autapses, topology, seed);
    }

    /** Options that {@link #parse} turns back into exactly this model. */
    public static Map<String, String> of(ConnectomeModel model) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(NEURONS, Integer.toString(model.neurons()));
        options.put(SYNAPSES, Long.toString(model.synapses()));
        options.put(P, Double.toString(model.connectionProbability()));
        options.put(EXC_FRACTION, Double.toString(model.excitatoryFraction()));
        options.put(MU_E, Double.toString(model.muExcitatory()));
        options.put(SIGMA0, Double.toString(model.sigma0()));
        options.put(INPUTS, Integer.toString(model.inputs()));
        options.put(OUTPUTS, Integer.toString(model.outputs()));
        options.put(AUTAPSES, model.autapses().cliName());
        options.put(TOPOLOGY, model.topology().cliName());
        options.put(SEED, Long.toString(model.seed()));
        return options;
    }

    /** The {@value #WEIGHT_TYPE} option: double when absent. */
    public static WeightType weightType(Map<String, String> options) {
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (option.getKey().toLowerCase(Locale.ROOT).equals(WEIGHT_TYPE)) {
                return WeightType.parse(option.getValue());
            }
        }
        return WeightType.DOUBLE;
    }

    /** A whole number, also written as {@code 1e9} or {@code 1_000_000}. */
    public static long parseCount(String option, String text) {
        try {
            return new BigDecimal(text.trim().replace("_", "")).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidParameterException(option + " must be a whole number (got '" + text + "')");
        }
    }

    public static long parseLong(String option, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(option + " must be a 64-bit integer (got '" + text + "')");
        }
    }

    public static double parseDouble(String option, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(option + " must be a number (got '" + text + "')");
        }
    }

    private static String require(Map<String, String> given, String key) {
        String value = given.get(key);
        if (value == null) {
            throw new InvalidParameterException("option '" + key + "' is required");
        }
        return value;
    }

    private static String valueOf(Map<String, String> given, Properties defaults, String key) {
        String value = given.get(key);
        if (value == null) {
            value = defaults.getProperty(key);
        }
        if (value == null) {
            throw new IllegalStateException("no default for '" + key + "' in connectome.properties");
        }
        return value;
    }
}
