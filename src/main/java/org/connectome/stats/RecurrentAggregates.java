package org.connectome.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The recurrent table's aggregates, joined from its {@link RecurrentRun runs} in table order: runs are ordered
 * by their first cell, a post cut by a run boundary is joined from both sides, and a cell repeated across a
 * boundary is one more duplicate. {@link #sorted()} says whether the runs really were in order (each sorted,
 * none overlapping the next); only then are the duplicates, the in-degrees and the summed inputs those of the
 * table (otherwise they are measured again over a sorted copy, see {@link RecurrentScan}).
 */
public final class RecurrentAggregates {
    private final RunSettings settings;
    private final boolean sorted;
    private long rows;
    private long invalid;
    private long outside;
    private long autapses;
    private long duplicates;
    private final RecurrentRun.WeightMoments excitatory = new RecurrentRun.WeightMoments();
    private final RecurrentRun.WeightMoments inhibitory = new RecurrentRun.WeightMoments();
    private double weightSum;
    private final long[][] blocks;
    private final long[][] blockDuplicates;
    private final long[][] blockAutapses;
    private final double[][] weightRange;
    private final double[][] delayRange;
    private final SortedMap<Long, Long> inDegree = new TreeMap<>();
    /** Posts joined across run boundaries (complete), which the runs' own bins do not hold. */
    private final List<RecurrentRun.Post> boundaryPosts = new ArrayList<>();
    private double summedMin = Double.POSITIVE_INFINITY;
    private double summedMax = Double.NEGATIVE_INFINITY;
    private final List<RecurrentRun> runs;
    private SortedMap<Long, Long> outDegree;
    private NetworkRun network;

    private RecurrentAggregates(RunSettings settings, List<RecurrentRun> runs) {
        this.settings = settings;
        int p = settings.populationCount();
        this.blocks = new long[p][p];
        this.blockDuplicates = new long[p][p];
        this.blockAutapses = new long[p][p];
        this.weightRange = new double[p][];
        this.delayRange = new double[p][];
        for (int i = 0; i < p; i++) {
            weightRange[i] = new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            delayRange[i] = new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        }
        this.runs = new ArrayList<>(runs);
        this.runs.sort(Comparator.comparingLong(run -> run.firstCell));
        this.sorted = join();
    }

    /** Joins finished runs (in any order; they are ordered by their first cell). */
    public static RecurrentAggregates of(RunSettings settings, List<RecurrentRun> runs) {
        return new RecurrentAggregates(settings, runs);
    }

    private boolean join() {
        boolean inOrder = true;
        long previousCell = -1;
        RecurrentRun.Post open = null;
        int p = settings.populationCount();
        for (RecurrentRun run : runs) {
            rows += run.rows;
            invalid += run.invalid;
            outside += run.outside;
            autapses += run.autapses;
            duplicates += run.duplicates;
            excitatory.merge(run.excitatory);
            inhibitory.merge(run.inhibitory);
            weightSum += run.weightSum;
            for (int pre = 0; pre < p; pre++) {
                for (int post = 0; post < p; post++) {
                    blocks[pre][post] += run.blocks[pre * p + post];
                    blockDuplicates[pre][post] += run.blockDuplicates[pre * p + post];
                    blockAutapses[pre][post] += run.blockAutapses[pre * p + post];
                }
                widen(weightRange[pre], run.weightMin[pre], run.weightMax[pre]);
                widen(delayRange[pre], run.delayMin[pre], run.delayMax[pre]);
            }
            inOrder &= run.unsorted == 0;
            if (run.firstCell < 0) {
                continue; // no row with ids in range
            }
            if (run.firstCell < previousCell) {
                inOrder = false;
            } else if (run.firstCell == previousCell) {
                duplicates++;
                long n = settings.neurons();
                blockDuplicates[settings.populationOf(previousCell % n)][settings.populationOf(previousCell / n)]++;
            }
            previousCell = Math.max(previousCell, run.lastCell);
            for (int k = 0; k < run.interiorInDegree.length; k++) {
                if (run.interiorInDegree[k] > 0) {
                    inDegree.merge((long) k, run.interiorInDegree[k], Long::sum);
                }
            }
            summedMin = Math.min(summedMin, run.interiorSummedMin);
            summedMax = Math.max(summedMax, run.interiorSummedMax);
            if (open != null && open.post() == run.first.post()) {
                open = open.plus(run.first);
            } else {
                close(open);
                open = run.first;
            }
            if (run.last != null) {
                close(open);
                open = run.last;
            }
        }
        close(open);
        if (settings.plan() != null && settings.binning() == null) {
            network = new NetworkRun(settings.plan(), settings.countsNetworkDegrees());
            for (RecurrentRun run : runs) {
                network.merge(run.network);
            }
        }
        if (settings.countsOutDegrees() && settings.binning() == null) {
            long[] perPre = new long[(int) settings.neurons()];
            for (RecurrentRun run : runs) {
                for (int pre = 0; pre < perPre.length; pre++) {
                    perPre[pre] += run.outDegree[pre];
                }
            }
            outDegree = new TreeMap<>();
            for (long k : perPre) {
                outDegree.merge(k, 1L, Long::sum);
            }
        }
        long empty = settings.neurons() - nonEmptyPosts();
        if (empty > 0) {
            inDegree.merge(0L, empty, Long::sum);
            summedMin = Math.min(summedMin, 0);
            summedMax = Math.max(summedMax, 0);
        }
        return inOrder;
    }

    private void close(RecurrentRun.Post post) {
        if (post == null) {
            return;
        }
        inDegree.merge(post.synapses(), 1L, Long::sum);
        boundaryPosts.add(post);
        summedMin = Math.min(summedMin, post.summedWeight());
        summedMax = Math.max(summedMax, post.summedWeight());
    }

    private long nonEmptyPosts() {
        long posts = 0;
        for (var entry : inDegree.entrySet()) {
            posts += entry.getKey() > 0 ? entry.getValue() : 0;
        }
        return posts;
    }

    private static void widen(double[] range, double min, double max) {
        range[0] = Math.min(range[0], min);
        range[1] = Math.max(range[1], max);
    }

    public RunSettings settings() {
        return settings;
    }

    /** Whether the runs were in table order, so that duplicates, in-degrees and summed inputs hold. */
    public boolean sorted() {
        return sorted;
    }

    public long rows() {
        return rows;
    }

    /** Rows with a null id or a null, NaN or infinite weight. */
    public long invalid() {
        return invalid;
    }

    /** Rows with an id outside [0, N). */
    public long outside() {
        return outside;
    }

    public long autapses() {
        return autapses;
    }

    /** Rows beyond the first of their cell (ids in range). */
    public long duplicates() {
        return duplicates;
    }

    /** Weights of rows with {@code pre < Ne}. */
    public Measurements.Moments excitatoryWeights() {
        return excitatory.result();
    }

    /** Weights of rows with {@code pre >= Ne}. */
    public Measurements.Moments inhibitoryWeights() {
        return inhibitory.result();
    }

    /** The sum of all non-null weights. */
    public double weightSum() {
        return weightSum;
    }

    /** Posts per in-degree, over all N posts (those without synapses at 0). */
    public SortedMap<Long, Long> inDegree() {
        return inDegree;
    }

    /** Pres per out-degree, over all N pres (zeros included); null when the runs did not count them. */
    public SortedMap<Long, Long> outDegree() {
        return outDegree;
    }

    /** Synapses from population [pre] onto population [post] (ids in range). */
    public long[][] blocks() {
        return blocks;
    }

    /** A network's per-projection aggregates (first pass); null for the reference's model. */
    NetworkRun network() {
        return network;
    }

    /** Of {@link #blocks()}, the rows beyond the first of their cell. */
    public long[][] blockDuplicates() {
        return blockDuplicates;
    }

    /** Of {@link #blocks()}, the autapses. */
    public long[][] blockAutapses() {
        return blockAutapses;
    }

    /** Finite weights' [min, max] per source population; min > max when it has none. */
    public double[] weightRange(int population) {
        return weightRange[population].clone();
    }

    public double[] delayRange(int population) {
        return delayRange[population].clone();
    }

    /** The summed finite input weight per post: [min, max] over all N posts (0 for a post without synapses). */
    public double[] summedInputRange() {
        return new double[] {summedMin, summedMax};
    }

    /**
     * Joins the runs of a second pass made with {@code binning} over the same table: weight and delay bins per
     * source population and the summed input bins of all N posts. The second pass's runs may be cut elsewhere
     * than the first's (a sorted copy is partitioned anew), so its own boundary posts are joined.
     */
    public Bins bins(List<RecurrentRun> binned) {
        RecurrentAggregates second = new RecurrentAggregates(binned.get(0).settings(), binned);
        RunSettings.Binning binning = second.settings.binning();
        int p = settings.populationCount();
        long[][] weights = new long[p][binning.weightBins()];
        long[][] delays = new long[p][binning.delayBins()];
        long[] summed = new long[binning.summedBins()];
        for (RecurrentRun run : binned) {
            for (int i = 0; i < p; i++) {
                add(weights[i], run.weightBins[i]);
                add(delays[i], run.delayBins[i]);
            }
            add(summed, run.summedBins);
        }
        for (RecurrentRun.Post post : second.boundaryPosts) {
            summed[binning.summedBin(post.summedWeight())]++;
        }
        Long empty = second.inDegree.get(0L);
        if (empty != null) {
            summed[binning.summedBin(0)] += empty;
        }
        return new Bins(weights, delays, summed);
    }

    private static void add(long[] into, long[] values) {
        for (int i = 0; i < into.length; i++) {
            into[i] += values[i];
        }
    }

    /** The bins of the second pass: weights[population][bin], delays[population][bin], summed[bin]. */
    public record Bins(long[][] weights, long[][] delays, long[] summed) {
    }
}
