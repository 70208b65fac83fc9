package org.connectome.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.InvalidParameterException;
import org.connectome.model.NetworkSpec;
import org.connectome.model.Topology;
import org.connectome.engine.ConnectomeGenerator;
import org.connectome.engine.Format;
import org.connectome.engine.GenerateOptions;
import org.connectome.engine.LocalEngine;
import org.connectome.model.WeightType;
import org.connectome.output.DirectIo;
import org.connectome.parquet.ParquetLayout;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code connectome generate}: generates a connectome and writes its tables (SPEC 5), with the local engine when
 * the system property {@value #ENGINE_PROPERTY} is {@code local} (the launcher's default), else with Spark.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Generates a random E/I-balanced connectome and writes it as Parquet tables recurrent/, input/,"
                    + " output/, neurons/ and connectome.json under --out.",
            "Exactly N_syn = round(N^2 p) distinct synapses, uniform over the N x N (post, pre) cells; the rows"
                    + " depend only on the parameters and the seed, never on --partitions or the cluster.%n"},
        footer = {"%nExamples:",
            "  connectome generate --neurons 20000 --p 0.01 --out /tmp/net",
            "  connectome generate --neurons 1e6 --synapses 1e9 --seed 7 --autapses exclude --out hdfs:///nets/n1m",
            "  connectome generate --model potjans2014 --seed 1 --out /tmp/pd14",
            "  connectome generate --model my-network.yaml --out /tmp/mine",
            "%nDefaults come from connectome.properties (conf/ of the distribution, packaged in the jar).",
            "Exit codes: 0 done, 1 the run failed, 2 bad input (nothing written)."})
final class GenerateCommand implements Callable<Integer> {
    /** {@code local}: write with {@link LocalEngine}, without starting Spark; anything else: Spark. */
    static final String ENGINE_PROPERTY = "connectome.engine";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME|FILE",
            description = "A network spec (SPEC 7): a YAML or JSON file, or a preset: seed, brunel2000, potjans2014."
                    + " Instead of --neurons and --p/--synapses and the reference model's options.")
    private String modelSpec;

    @Option(names = "--neurons", paramLabel = "N", converter = CountConverter.class,
            description = "Number of neurons N (ids 0 .. N-1, at most 2147483647).")
    private Long neurons;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private Density density;

    static final class Density {
        @Option(names = "--p", required = true, paramLabel = "P",
                description = "Connection probability: N_syn = round(N^2 P), half to even.")
        Double probability;

        @Option(names = "--synapses", required = true, paramLabel = "M", converter = CountConverter.class,
                description = "Exact synapse count instead of --p (then p = M / N^2 for the weight scale).")
        Long synapses;
    }

    @Option(names = "--out", required = true, paramLabel = "PATH",
            description = "Output directory: a local path or any Hadoop URI (file://, hdfs://, s3a://).")
    private String out;

    @Option(names = "--exc-fraction", paramLabel = "F",
            description = "Fraction f of excitatory neurons; ids below floor(N f) are E (default: ${DEFAULT-VALUE}).")
    private double excitatoryFraction;

    @Option(names = "--mu-e", paramLabel = "X",
            description = "Mean excitatory weight mu_e; mu_i = -f/(1-f) mu_e (default: ${DEFAULT-VALUE}).")
    private double muExcitatory;

    @Option(names = "--sigma0", paramLabel = "S",
            description = "Recurrent weight standard deviation sigma_0 (default: ${DEFAULT-VALUE}).")
    private double sigma0;

    @Option(names = "--inputs", paramLabel = "K", converter = CountConverter.class,
            description = "Input dimensions N_input; 0 writes an empty input table (default: ${DEFAULT-VALUE}).")
    private long inputs;

    @Option(names = "--outputs", paramLabel = "K", converter = CountConverter.class,
            description = "Output dimensions N_output; 0 writes an empty output table (default: ${DEFAULT-VALUE}).")
    private long outputs;

    @Option(names = "--autapses", paramLabel = "POLICY",
            description = "repair (move self-connections within their row, as the reference), exclude (never"
                    + " draw them, as NEST) or allow (default: ${DEFAULT-VALUE}).")
    private String autapses;

    @Option(names = "--topology", paramLabel = "NAME", description = "Connectivity rule (default: ${DEFAULT-VALUE}).")
    private String topology;

    @Option(names = "--seed", paramLabel = "S",
            description = "64-bit seed. Without it a seed is drawn, printed and recorded in connectome.json.")
    private Long seed;

    @Option(names = "--overwrite", description = "Replace an existing output (only once the new one is complete).")
    private boolean overwrite;

    @Option(names = "--partitions", paramLabel = "K", defaultValue = "0",
            description = "Spark partitions per table; never changes the rows (default: about one per"
                    + " partition-rows rows, a multiple of the cluster's cores).")
    private int partitions;

    @Option(names = "--block-rows", paramLabel = "R", converter = CountConverter.class,
            description = "Rows of a block, the unit partitions are cut in; never changes the rows"
                    + " (default: ${DEFAULT-VALUE}).")
    private long blockRows;

    @Option(names = "--partition-rows", paramLabel = "R", converter = CountConverter.class, hidden = true,
            description = "Rows of a partition when --partitions is not given (default: ${DEFAULT-VALUE}).")
    private long partitionRows;

    @Option(names = "--max-file-rows", paramLabel = "R", converter = CountConverter.class,
            description = "Rows of one Parquet file at most (default: ${DEFAULT-VALUE}).")
    private long maxFileRows;

    @Option(names = "--compression", paramLabel = "CODEC", defaultValue = ParquetLayout.DEFAULT_COMPRESSION,
            description = "Parquet codec: snappy, zstd, lz4_raw, gzip or none (default: ${DEFAULT-VALUE}).")
    private String compression;

    @Option(names = "--weight-type", paramLabel = "TYPE",
            description = "Recurrent weights as double or float (4 bytes: each the double weight rounded to float;"
                    + " the same synapses) (default: ${DEFAULT-VALUE}).")
    private String weightType;

    @Option(names = "--direct-io", paramLabel = "WHEN", defaultValue = "auto",
            description = "Write local files past the page cache (O_DIRECT; the same bytes): auto (when the output"
                    + " is over a fifth of the machine's memory), on or off (default: ${DEFAULT-VALUE}).")
    private DirectIo directIo;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        long chosenSeed = seed != null ? seed : drawSeed();
        ConnectomeModel model = modelSpec != null ? networkModel(chosenSeed) : model(chosenSeed);
        WeightType weights = WeightType.parse(weightType);
        String codec = compression.toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("snappy", "zstd", "lz4_raw", "gzip", "none", "uncompressed").contains(codec)) {
            throw new InvalidParameterException("--compression must be snappy, zstd, lz4_raw, gzip or none (got '"
                    + compression + "')");
        }
        GenerateOptions options = new GenerateOptions(model, weights, partitions, blockRows, partitionRows,
                directIo);
        if (maxFileRows < 1) {
            throw new InvalidParameterException("--max-file-rows must be positive (got " + maxFileRows + ")");
        }
        ParquetLayout layout = new ParquetLayout(codec, maxFileRows, ParquetLayout.DEFAULT.rowGroupBytes());
        String drawn = seed == null ? " (drawn; pass --seed " + chosenSeed + " to repeat)" : "";
        if (model.network() != null) {
            console.printf(Locale.ROOT, "connectome: network %s, %,d neurons in %d populations, %,d synapses in %d"
                    + " projections, seed %d%s%n", model.network().name(), model.neurons(),
                    model.network().populations().size(), model.synapses(), model.network().projections().size(),
                    chosenSeed, drawn);
        } else {
            console.printf(Locale.ROOT, "connectome: %,d neurons, %,d synapses (p = %s), %s autapses, seed %d%s%n",
                    model.neurons(), model.synapses(), model.connectionProbability(), model.autapses().cliName(),
                    chosenSeed, drawn);
        }
        ConnectomeGenerator.Result result = "local".equals(System.getProperty(ENGINE_PROPERTY))
                ? new ConnectomeGenerator(LocalEngine.ofThisMachine(), System.err, layout).write(options, out, overwrite)
                : SparkGenerate.write(options, layout, out, overwrite);
        printSummary(console, model, result);
        return 0;
    }

    /** The options of the reference's model, which a network spec replaces. */
    private static final List<String> REFERENCE_OPTIONS = List.of("--neurons", "--p", "--synapses", "--exc-fraction",
            "--mu-e", "--sigma0", "--inputs", "--outputs", "--autapses", "--topology");

    private ConnectomeModel networkModel(long chosenSeed) {
        for (String option : REFERENCE_OPTIONS) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new InvalidParameterException(option + " is the reference model's; with --model the spec says"
                        + " it (see README, \"Network specs\")");
            }
        }
        return ConnectomeModel.ofNetwork(NetworkSpec.load(modelSpec), chosenSeed);
    }

    private ConnectomeModel model(long chosenSeed) {
        if (neurons == null) {
            throw new InvalidParameterException("give --neurons N with --p P or --synapses M, or --model NAME|FILE");
        }
        if (density == null) {
            throw new InvalidParameterException("give the connection probability --p P or the synapse count"
                    + " --synapses M");
        }
        AutapsePolicy policy = AutapsePolicy.parse(autapses);
        Topology rule = Topology.parse(topology);
        if (density.synapses != null) {
            return ConnectomeModel.withSynapseCount(neurons, density.synapses, excitatoryFraction, muExcitatory,
                    sigma0, inputs, outputs, policy, rule, chosenSeed);
        }
        return ConnectomeModel.withProbability(neurons, density.probability, excitatoryFraction, muExcitatory,
                sigma0, inputs, outputs, policy, rule, chosenSeed);
    }

    /** 53 bits, so the seed survives JSON readers that parse numbers as doubles. */
    private static long drawSeed() {
        return new SecureRandom().nextLong() >>> 11;
    }

    private static void printSummary(PrintWriter console, ConnectomeModel model, ConnectomeGenerator.Result result) {
        console.printf(Locale.ROOT, "connectome: wrote %,d synapses of %,d neurons to %s in %s (%s synapses/s)%n",
                model.synapses(), model.neurons(), result.target(), Format.duration(result.seconds()),
                Format.count(model.synapses() / result.seconds()));
        for (EdgeTable table : EdgeTable.values()) {
            long bytes = result.bytes().get(table);
            long rows = result.manifest().tableRows().get(table);
            console.printf(Locale.ROOT, "  %-9s %,15d rows  %10s%s%n", table.tableName(), rows, Format.bytes(bytes),
                    table == EdgeTable.RECURRENT && rows > 0
                            ? String.format(Locale.ROOT, "  (%.1f bytes/synapse)", (double) bytes / rows) : "");
        }
        console.printf(Locale.ROOT, "  seed      %d%n", model.seed());
    }
}
