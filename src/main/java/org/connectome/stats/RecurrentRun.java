package org.connectome.stats;

import java.io.Serializable;

/**
 * The aggregates of one run of recurrent rows read in order (one Parquet file, or one partition of a sorted
 * table): everything {@code stats} and {@code report} measure on the recurrent table, in one pass and without
 * a shuffle. The table is sorted by (post, pre) (SPEC 4), so a duplicate cell is a repeat of the previous row
 * and a post's synapses are consecutive; posts that may continue in the neighbouring runs (the first and the
 * last of this run) are kept apart as {@link Post partial posts} and joined by {@link RecurrentAggregates}.
 *
 * <p>Semantics follow the SQL of {@code stats} exactly: ids and weights may be null (a row with a null id or a
 * null or non-finite weight is invalid); cells, duplicates, degrees, blocks and the summed input count only
 * rows whose ids are both in [0, N); the E/I weight moments split every row with a pre and a weight at
 * {@code pre < Ne}, as {@code CASE WHEN pre < Ne} does. Plain Java: the readers feed it, and tests feed it rows.
 */
public final class RecurrentRun implements Serializable {
    private static final long serialVersionUID = 1L;
    /** An id that is null. */
    public static final long NULL_ID = Long.MIN_VALUE;

    /** Synapse counts and summed finite weight of one post (partial when it may continue in the next run). */
    public record Post(long post, long synapses, double summedWeight) implements Serializable {
        Post plus(Post other) {
            return new Post(post, synapses + other.synapses, summedWeight + other.summedWeight);
        }
    }

    private final RunSettings settings;
    private final int populations;

    long rows;
    long invalid;
    long outside;
    long autapses;
    /** In-range rows whose cell is below the previous in-range row's: the run is not sorted. */
    long unsorted;
    long duplicates;
    final WeightMoments excitatory = new WeightMoments();
    final WeightMoments inhibitory = new WeightMoments();
    double weightSum;
    /** Synapses from population [pre] onto population [post], as {@code pre * populations + post}. */
    final long[] blocks;
    /** Of those, the rows repeating the previous row's cell, and the autapses (a network's checks per block). */
    final long[] blockDuplicates;
    final long[] blockAutapses;
    final double[] weightMin;
    final double[] weightMax;
    final double[] delayMin;
    final double[] delayMax;
    /** The first and last in-range cells {@code post * N + pre}, -1 when the run has none. */
    long firstCell = -1;
    long lastCell = -1;

    Post first;
    Post last;
    /** Posts strictly between the first and the last: their in-degree counts and summed-input range. */
    /** [k]: interior posts with in-degree k (grown as needed). */
    long[] interiorInDegree = new long[64];
    double interiorSummedMin = Double.POSITIVE_INFINITY;
    double interiorSummedMax = Double.NEGATIVE_INFINITY;
    /** Synapses per pre (ids in range), when {@link RunSettings#countsOutDegrees()}; else null. */
    final int[] outDegree;
    /** A network's per-projection aggregates in the first pass; else null. */
    final NetworkRun network;
    /** With {@link RunSettings#binning()}: weight and delay bins per source population, summed input bins. */
    final long[][] weightBins;
    final long[][] delayBins;
    final long[] summedBins;

    private transient long openPost = -1;
    private transient long openSynapses;
    private transient double openSum;
    private transient boolean firstClosed;

    public RecurrentRun(RunSettings settings) {
        this.settings = settings;
        this.populations = settings.populationCount();
        this.blocks = new long[populations * populations];
        this.blockDuplicates = new long[populations * populations];
        this.blockAutapses = new long[populations * populations];
        this.weightMin = filled(populations, Double.POSITIVE_INFINITY);
        this.weightMax = filled(populations, Double.NEGATIVE_INFINITY);
        this.delayMin = filled(populations, Double.POSITIVE_INFINITY);
        this.delayMax = filled(populations, Double.NEGATIVE_INFINITY);
        RunSettings.Binning binning = settings.binning();
        this.outDegree = settings.countsOutDegrees() && binning == null ? new int[(int) settings.neurons()] : null;
        this.network = settings.plan() != null && binning == null
                ? new NetworkRun(settings.plan(), settings.countsNetworkDegrees()) : null;
        this.weightBins = binning == null ? null : new long[populations][binning.weightBins()];
        this.delayBins = binning == null ? null : new long[populations][binning.delayBins()];
        this.summedBins = binning == null ? null : new long[binning.summedBins()];
    }

    public RunSettings settings() {
        return settings;
    }

    /**
     * One row, in the run's order. Ids are {@link #NULL_ID} when null; {@code weightNull} tells a null weight;
     * {@code delay} is NaN without a delay column.
     */
    public void add(long post, long pre, double weight, boolean weightNull, double delay) {
        rows++;
        long n = settings.neurons();
        boolean idNull = post == NULL_ID || pre == NULL_ID;
        boolean finite = !weightNull && Math.abs(weight) <= Double.MAX_VALUE;
        if (idNull || !finite) {
            invalid++;
        }
        if (!weightNull) {
            weightSum += weight;
            if (pre != NULL_ID) {
                (pre < settings.excitatoryNeurons() ? excitatory : inhibitory).add(weight);
            }
        }
        if (idNull) {
            return;
        }
        if (post == pre) {
            autapses++;
        }
        if (post < 0 || post >= n || pre < 0 || pre >= n) {
            outside++;
            return;
        }
        long cell = post * n + pre;
        int source = settings.populationOf(pre);
        int target = settings.populationOf(post);
        int block = source * populations + target;
        if (post == pre) {
            blockAutapses[block]++;
        }
        if (cell == lastCell) {
            duplicates++;
            blockDuplicates[block]++;
        } else if (cell < lastCell) {
            unsorted++;
        }
        if (firstCell < 0) {
            firstCell = cell;
        }
        lastCell = cell;
        if (post != openPost) {
            closeOpenPost();
            openPost = post;
        }
        openSynapses++;
        if (outDegree != null) {
            outDegree[(int) pre]++;
        }
        blocks[block]++;
        if (network != null) {
            network.add(post, pre, source, target, weight, finite, delay);
        }
        if (finite) {
            openSum += weight;
            weightMin[source] = Math.min(weightMin[source], weight);
            weightMax[source] = Math.max(weightMax[source], weight);
            if (weightBins != null) {
                RunSettings.Binning binning = settings.binning();
                weightBins[source][binning.weightBin(source, weight)]++;
            }
        }
        if (Math.abs(delay) <= Double.MAX_VALUE) {
            delayMin[source] = Math.min(delayMin[source], delay);
            delayMax[source] = Math.max(delayMax[source], delay);
            if (delayBins != null) {
                delayBins[source][settings.binning().delayBin(source, delay)]++;
            }
        }
    }

    /** Ends the run: the post still open is its last (or its first, when the run has a single post). */
    public RecurrentRun finish() {
        if (openPost >= 0) {
            Post open = new Post(openPost, openSynapses, openSum);
            if (firstClosed) {
                last = open;
            } else {
                first = open;
            }
            openPost = -1;
        }
        return this;
    }

    private void closeOpenPost() {
        if (openPost < 0) {
            return;
        }
        if (!firstClosed) {
            first = new Post(openPost, openSynapses, openSum);
            firstClosed = true;
        } else {
            if (openSynapses >= interiorInDegree.length) {
                interiorInDegree = java.util.Arrays.copyOf(interiorInDegree,
                        (int) Math.min(Integer.MAX_VALUE - 8, Math.max(openSynapses + 1, 2L * interiorInDegree.length)));
            }
            interiorInDegree[(int) openSynapses]++;
            interiorSummedMin = Math.min(interiorSummedMin, openSum);
            interiorSummedMax = Math.max(interiorSummedMax, openSum);
            if (summedBins != null) {
                summedBins[settings.binning().summedBin(openSum)]++;
            }
        }
        openSynapses = 0;
        openSum = 0;
    }

    private static double[] filled(int length, double value) {
        double[] values = new double[length];
        java.util.Arrays.fill(values, value);
        return values;
    }

    /** Count, sum and centred sum of squares (Welford), mergeable (Chan et al.); the mean is sum / count. */
    static final class WeightMoments implements Serializable {
        private static final long serialVersionUID = 1L;
        long count;
        double sum;
        private double mean;
        double squares;

        void add(double value) {
            count++;
            sum += value;
            double delta = value - mean;
            mean += delta / count;
            squares += delta * (value - mean);
        }

        void merge(WeightMoments other) {
            if (other.count == 0) {
                return;
            }
            if (count == 0) {
                count = other.count;
                sum = other.sum;
                mean = other.mean;
                squares = other.squares;
                return;
            }
            long total = count + other.count;
            double delta = other.mean - mean;
            squares += other.squares + delta * delta * ((double) count * other.count / total);
            mean += delta * other.count / total;
            count = total;
            sum += other.sum;
        }

        Measurements.Moments result() {
            return new Measurements.Moments(count, count == 0 ? Double.NaN : sum / count,
                    count < 2 ? Double.NaN : Math.sqrt(squares / (count - 1)));
        }
    }
}
