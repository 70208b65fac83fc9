package org.connectome.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.InvalidParameterException;
import org.connectome.model.Topology;
import org.connectome.engine.ConnectomeGenerator;
import org.connectome.engine.Format;
import org.connectome.engine.GenerateOptions;
import org.connectome.engine.LocalEngine;
import org.connectome.model.WeightType;
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
            "%nDefaults come from connectome.properties (conf/ of the distribution, packaged in the jar).",
            "Exit codes: 0 done, 1 the run failed, 2 bad input (nothing written)."})
final class GenerateCommand implements Callable<Integer> {
    /** {@code local}: write with {@link LocalEngine}, without starting Spark; anything else: Spark. */
    static final String ENGINE_PROPERTY = "connectome.engine";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--neurons", required = true, paramLabel = "N", converter = CountConverter.class,
            description = "Number of neurons N (ids 0 .. N-1, at most 2147483647).")
    private long neurons;

    @ArgGroup(exclusive = true, multiplicity = "1")
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

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        long chosenSeed = seed != null ? seed : drawSeed();
        ConnectomeModel model = model(chosenSeed);
        WeightType weights = WeightType.parse(weightType);
        String codec = compression.toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("snappy", "zstd", "lz4_raw", "gzip", "none", "uncompressed").contains(codec)) {
            throw new InvalidParameterException("--compression must be snappy, zstd, lz4_raw, gzip or none (got '"
                    + compression + "')");
        }
        GenerateOptions options = new GenerateOptions(model, weights, partitions, blockRows, partitionRows);
        if (maxFileRows < 1) {
            throw new InvalidParameterException("--max-file-rows must be positive (got " + maxFileRows + ")");
        }
        ParquetLayout layout = new ParquetLayout(codec, maxFileRows, ParquetLayout.DEFAULT.rowGroupBytes());
        console.printf(Locale.ROOT, "connectome: %,d neurons, %,d synapses (p = %s), %s autapses, seed %d%s%n",
                model.neurons(), model.synapses(), model.connectionProbability(), model.autapses().cliName(),
                chosenSeed, seed == null ? " (drawn; pass --seed " + chosenSeed + " to repeat)" : "");
        ConnectomeGenerator.Result result = "local".equals(System.getProperty(ENGINE_PROPERTY))
                ? new ConnectomeGenerator(LocalEngine.ofThisMachine(), System.err, layout).write(options, out, overwrite)
                : SparkGenerate.write(options, layout, out, overwrite);
        printSummary(console, model, result);
        return 0;
    }

    private ConnectomeModel model(long chosenSeed) {
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
