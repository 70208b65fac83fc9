package org.connectome.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.connectome.kernel.DistinctSampler;
import org.connectome.kernel.EdgeStream;
import org.connectome.kernel.RecurrentEdges;
import org.connectome.kernel.SplitTree;
import org.connectome.random.KeyedRandom;
import org.connectome.random.RandomStream;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.Topology;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure-Java kernel of the recurrent table: split-tree row counts, distinct pre sampling, autapse repair and
 * Gaussian weights, filling the same column arrays a Spark batch is copied from. No Spark, no I/O.
 *
 * <p>One thread, so the score (operations = synapses, per second) is synapses per second per core. Each
 * invocation fills {@link #BATCHES} batches of {@link #BATCH_ROWS} rows, as the data source does; the stream runs
 * over all post neurons and starts again from post 0 when exhausted (one O(log N) descent per restart).
 *
 * <pre>{@code java -cp ... org.openjdk.jmh.Main KernelBenchmark -p shape=1000000:1000000000}</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class KernelBenchmark {
    static final int BATCH_ROWS = 1 << 16;
    static final int BATCHES = 16;

    /** {@code N:N_syn}: 10^8 synapses over 10^5 and 10^6 neurons; 10^9 over 10^6 and 10^7. */
    @Param({"100000:100000000", "1000000:100000000", "1000000:1000000000", "10000000:1000000000"})
    public String shape;

    /** repair (the default) or exclude or allow. */
    @Param({"repair"})
    public String autapses;

    private ConnectomeModel model;
    private EdgeStream edges;
    private final int[] first = new int[BATCH_ROWS];
    private final int[] second = new int[BATCH_ROWS];
    private final double[] weight = new double[BATCH_ROWS];

    // Parts of the kernel, for finding what dominates (not run by bench/run).
    private final DistinctSampler sampler = new DistinctSampler();
    private KeyedRandom random;
    private ZigguratSampler.NormalizedGaussian gaussian;
    private SplitTree.Cursor rows;
    private int rowSize;
    private long key;

    @Setup
    public void setUp() {
        model = model(shape, autapses);
        edges = new RecurrentEdges(model, 0, model.neurons());
        random = new KeyedRandom(model.seed(), RandomStream.PRE_SAMPLE);
        gaussian = ZigguratSampler.NormalizedGaussian.of(random);
        rowSize = (int) (model.synapses() / model.neurons());
        rows = new SplitTree(model).rows(0, model.neurons());
    }

    /** Distinct sorted pres of one row of the mean size; score per synapse. */
    @Benchmark
    public int distinctPres() {
        sampler.sample(random.reset(key++), model.neurons() - 1L, rowSize, second);
        return second[rowSize - 1];
    }

    /** Gaussian draws of one row of the mean size; score per row. */
    @Benchmark
    public double gaussians() {
        random.reset(key++);
        double sum = 0;
        for (int i = 0; i < rowSize; i++) {
            sum += gaussian.sample();
        }
        return sum;
    }

    /** Row counts from the split tree; score per row. */
    @Benchmark
    public long rowCounts() {
        if (!rows.hasNext()) {
            rows = new SplitTree(model).rows(0, model.neurons());
        }
        return rows.next();
    }

    /** The model of a {@code N:N_syn} shape with the default parameters and a fixed seed. */
    static ConnectomeModel model(String shape, String autapses) {
        String[] parts = shape.split(":");
        return ConnectomeModel.withSynapseCount(Long.parseLong(parts[0]), Long.parseLong(parts[1]), 0.8, 1.0, 1.0,
                1, 1, AutapsePolicy.parse(autapses), Topology.RANDOM, 42L);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH_ROWS * BATCHES)
    public long recurrent() {
        long checksum = 0;
        for (int b = 0; b < BATCHES; b++) {
            int filled = 0;
            while (filled < BATCH_ROWS) {
                int n = edges.fill(first, second, weight, BATCH_ROWS - filled);
                if (n == 0) {
                    edges = new RecurrentEdges(model, 0, model.neurons());
                    continue;
                }
                filled += n;
            }
            checksum += first[BATCH_ROWS - 1] + second[BATCH_ROWS - 1] + (long) weight[BATCH_ROWS - 1];
        }
        return checksum;
    }
}
