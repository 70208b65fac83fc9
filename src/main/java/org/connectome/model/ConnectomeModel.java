package org.connectome.model;

import java.io.Serializable;

/**
 * The parameters of one connectome and the values derived from them exactly as the reference derives them
 * (SPEC 1). Immutable and validated: an instance always describes a connectome that can be generated, except
 * for a full row under {@link AutapsePolicy#REPAIR}, which only the split tree can find.
 *
 * @param neurons            N; ids are {@code 0 .. N-1}
 * @param synapses           N_syn, the exact number of recurrent synapses
 * @param connectionProbability p, as given or {@code N_syn / N^2} when the count was given
 * @param excitatoryFraction f
 * @param muExcitatory       mu_e
 * @param sigma0             sigma_0
 * @param inputs             N_input
 * @param outputs            N_output
 * @param autapses           autapse policy
 * @param topology           connectivity rule
 * @param seed               the seed every random stream is keyed by
 * @param network            the network spec's model (SPEC 7), or null for the reference's model of the other
 *                           fields; with one, neurons, synapses and the input and output tables are its, and the
 *                           reference's weight parameters are unused
 */
public record ConnectomeModel(
        int neurons,
        long synapses,
        double connectionProbability,
        double excitatoryFraction,
        double muExcitatory,
        double sigma0,
        int inputs,
        int outputs,
        AutapsePolicy autapses,
        Topology topology,
        long seed,
        Network network) implements Serializable {

    /** Ids are stored as 32-bit INT columns. */
    public static final long MAX_NEURONS = Integer.MAX_VALUE;

    /** The reference's model (SPEC 1). */
    public ConnectomeModel(int neurons, long synapses, double connectionProbability, double excitatoryFraction,
            double muExcitatory, double sigma0, int inputs, int outputs, AutapsePolicy autapses, Topology topology,
            long seed) {
        this(neurons, synapses, connectionProbability, excitatoryFraction, muExcitatory, sigma0, inputs, outputs,
                autapses, topology, seed, null);
    }

    /** The model of a network spec under a seed: its neurons, its synapses (a function of the seed) and tables. */
    public static ConnectomeModel ofNetwork(Network network, long seed) {
        int neurons = network.neurons();
        long synapses = network.synapses(seed);
        long excitatory = network.populations().stream().filter(Population::excitatory)
                .mapToLong(Population::size).sum();
        return new ConnectomeModel(neurons, synapses, synapses / ((double) neurons * neurons),
                (double) excitatory / neurons, 0, 0, network.inputs(), network.outputs(), AutapsePolicy.ALLOW,
                Topology.RANDOM, seed, network);
    }

    public ConnectomeModel {
        check(neurons >= 1, "--neurons must be at least 1 (got " + neurons + ")");
        check(synapses >= 0, "--synapses must not be negative (got " + synapses + ")");
        checkUnit("--exc-fraction", excitatoryFraction);
        check(Double.isFinite(muExcitatory), "--mu-e must be a finite number (got " + muExcitatory + ")");
        check(Double.isFinite(sigma0) && sigma0 >= 0, "--sigma0 must be a finite number >= 0 (got " + sigma0 + ")");
        check(inputs >= 0, "--inputs must not be negative (got " + inputs + ")");
        check(outputs >= 0, "--outputs must not be negative (got " + outputs + ")");
        check(autapses != null, "an autapse policy is required");
        check(topology != null, "a topology is required");
        long cells = (long) neurons * neurons;
        long offDiagonal = cells - neurons;
        if (network != null) {
            cells = Long.MAX_VALUE; // each projection was checked against its own policy
        }
        if (autapses == AutapsePolicy.ALLOW) {
            check(synapses <= cells, "N_syn = " + synapses + " exceeds the N^2 = " + cells
                    + " possible synapses; lower --p or --synapses");
        } else {
            // Under repair, more than N(N-1) synapses forces some row to be full, which cannot be repaired.
            check(synapses <= offDiagonal, "N_syn = " + synapses + " exceeds the N(N-1) = " + offDiagonal
                    + " synapses possible without autapses; use --autapses allow or fewer synapses");
        }
        // After the count: a count over N^2 gives p = M / N^2 > 1, and the count is what to report.
        if (network == null) {
            checkUnit("--p", connectionProbability);
        }
    }

    /** The model with {@code N_syn = round(N^2 p)}, Python's round (half to even) of the double product. */
    public static ConnectomeModel withProbability(long neurons, double p, double f, double muE, double sigma0,
            long inputs, long outputs, AutapsePolicy autapses, Topology topology, long seed) {
        int n = checkedNeurons(neurons);
        checkUnit("--p", p);
        long synapses = (long) Math.rint((double) ((long) n * n) * p);
        return new ConnectomeModel(n, synapses, p, f, muE, sigma0, checkedCount("--inputs", inputs),
                checkedCount("--outputs", outputs), autapses, topology, seed);
    }

    /** The model with an exact synapse count; p = N_syn / N^2 sets the weight scale. */
    public static ConnectomeModel withSynapseCount(long neurons, long synapses, double f, double muE, double sigma0,
            long inputs, long outputs, AutapsePolicy autapses, Topology topology, long seed) {
        int n = checkedNeurons(neurons);
        check(synapses >= 0, "--synapses must not be negative (got " + synapses + ")");
        double p = (double) synapses / ((double) n * n);
        return new ConnectomeModel(n, synapses, p, f, muE, sigma0, checkedCount("--inputs", inputs),
                checkedCount("--outputs", outputs), autapses, topology, seed);
    }

    /** The same model under another seed. */
    public ConnectomeModel withSeed(long newSeed) {
        if (network != null) {
            return ofNetwork(network, newSeed);
        }
        return new ConnectomeModel(neurons, synapses, connectionProbability, excitatoryFraction, muExcitatory,
                sigma0, inputs, outputs, autapses, topology, newSeed);
    }

    /** Ne = int(N f): neurons {@code 0 .. Ne-1} are excitatory. */
    public int excitatoryNeurons() {
        return (int) (neurons * excitatoryFraction);
    }

    /** mu_i, chosen for E/I balance with the reference's special cases f = 0 and f = 1. */
    public double muInhibitory() {
        if (excitatoryFraction == 0) {
            return -muExcitatory;
        }
        if (excitatoryFraction == 1) {
            return 0;
        }
        return -excitatoryFraction / (1 - excitatoryFraction) * muExcitatory;
    }

    /** 1 / sqrt(N p); infinite when p = 0, where there is no synapse to scale. */
    public double recurrentScale() {
        return 1 / Math.sqrt(neurons * connectionProbability);
    }

    /** 1 / sqrt(N_input). */
    public double inputScale() {
        return 1 / Math.sqrt(inputs);
    }

    /** 1 / sqrt(N_output). */
    public double outputScale() {
        return 1 / Math.sqrt(outputs);
    }

    /** Rows of each table. */
    public long rowCount(EdgeTable table) {
        return switch (table) {
            case RECURRENT -> synapses;
            case INPUT -> (long) neurons * inputs;
            case OUTPUT -> (long) outputs * neurons;
            case NEURONS -> neurons;
        };
    }

    private static int checkedNeurons(long neurons) {
        check(neurons >= 1, "--neurons must be at least 1 (got " + neurons + ")");
        check(neurons <= MAX_NEURONS, "--neurons must be at most " + MAX_NEURONS
                + " so that neuron ids fit 32-bit INT columns (got " + neurons + ")");
        return (int) neurons;
    }

    private static int checkedCount(String option, long value) {
        check(value >= 0, option + " must not be negative (got " + value + ")");
        check(value <= Integer.MAX_VALUE, option + " must be at most " + Integer.MAX_VALUE + " (got " + value + ")");
        return (int) value;
    }

    private static void checkUnit(String option, double value) {
        check(value >= 0 && value <= 1, option + " must be within [0, 1] (got " + value + ")");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new InvalidParameterException(message);
        }
    }
}
