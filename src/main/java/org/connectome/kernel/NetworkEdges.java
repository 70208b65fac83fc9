package org.connectome.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.Distribution;
import org.connectome.model.Network;
import org.connectome.model.NeuronSet;
import org.connectome.model.Population;
import org.connectome.model.Projection;
import org.connectome.model.Rule;
import org.connectome.random.RowRandom;
import org.connectome.random.RandomStream;
import org.connectome.random.RowStream;

/**
 * The recurrent synapses of a network spec's post neurons {@code [from, to)}, sorted by post then pre (SPEC 7).
 * Every projection onto a post makes its part of the row from streams keyed by {@code (post, projection)} (its
 * count from the projection's split tree or its fixed in-degree), and the parts merge by pre. So a row is the same
 * whichever slice computes it, and a network of one projection of all neurons onto all is the reference's model.
 */
public final class NetworkEdges extends RowEdges {
    private final int to;
    private final boolean hasDelay;
    private final double resolution;
    private final List<ProjectionRows> projections = new ArrayList<>();
    private final int[] populationEnds;

    private int nextPost;
    // The merge's buffers, grown to the longest row merged.
    private long[] order = new long[0];
    private int[] sortedPres = new int[0];
    private double[] sortedWeights = new double[0];
    private double[] sortedDelays = new double[0];

    public NetworkEdges(ConnectomeModel model, int from, int to) {
        Network network = model.network();
        this.to = to;
        this.nextPost = from;
        this.hasDelay = network.hasDelays();
        this.resolution = network.resolution();
        this.populationEnds = network.populations().stream().mapToInt(Population::end).toArray();
        for (Projection projection : network.projections()) {
            NeuronSet targets = projection.targets();
            long firstRow = targets.countBelow(from);
            long endRow = targets.countBelow(to);
            if (firstRow < endRow) {
                projections.add(new ProjectionRows(projection, network.synapses(projection, model.seed()),
                        model.seed(), (int) firstRow, (int) endRow));
            }
        }
    }

    @Override
    public boolean hasDelay() {
        return hasDelay;
    }

    /**
     * Assembles the next non-empty row; false when the slice is exhausted. The first part of a row is made in the
     * row's own arrays (a network of one projection copies nothing); later parts are made aside and appended.
     */
    @Override
    boolean makeNextRow() {
        while (nextPost < to) {
            int row = nextPost++;
            int size = 0;
            boolean sorted = true;
            for (ProjectionRows part : projections) {
                if (!part.targets.contains(row)) {
                    continue;
                }
                int k = part.count(row);
                if (k == 0) {
                    continue;
                }
                ensure(size + k);
                if (size == 0) {
                    part.generate(row, k, pres, weights, delays);
                } else {
                    part.ensureOwn(k);
                    part.generate(row, k, part.pres, part.weights, part.delays);
                    if (part.pres[0] <= pres[size - 1]) {
                        sorted = false;
                    }
                    System.arraycopy(part.pres, 0, pres, size, k);
                    System.arraycopy(part.weights, 0, weights, size, k);
                    if (hasDelay) {
                        System.arraycopy(part.delays, 0, delays, size, k);
                    }
                }
                size += k;
            }
            if (size == 0) {
                continue;
            }
            if (!sorted) {
                mergeByPre(size);
            }
            post = row;
            rowSize = size;
            return true;
        }
        return false;
    }

    /** Sorts the row by pre, projections in spec order among equal pres (a stable sort of the parts). */
    private void mergeByPre(int size) {
        if (order.length < size) {
            order = new long[pres.length];
            sortedPres = new int[pres.length];
            sortedWeights = new double[pres.length];
            sortedDelays = new double[pres.length];
        }
        for (int i = 0; i < size; i++) {
            order[i] = ((long) pres[i] << 32) | i;
        }
        Arrays.sort(order, 0, size);
        for (int i = 0; i < size; i++) {
            int from = (int) order[i];
            sortedPres[i] = pres[from];
            sortedWeights[i] = weights[from];
            if (hasDelay) {
                sortedDelays[i] = delays[from];
            }
        }
        System.arraycopy(sortedPres, 0, pres, 0, size);
        System.arraycopy(sortedWeights, 0, weights, 0, size);
        if (hasDelay) {
            System.arraycopy(sortedDelays, 0, delays, 0, size);
        }
    }

    private void ensure(int size) {
        if (pres.length < size) {
            int length = Math.max(size, pres.length * 2);
            pres = Arrays.copyOf(pres, length);
            weights = Arrays.copyOf(weights, length);
            delays = Arrays.copyOf(delays, length);
        }
    }

    /** A delay on the resolution's grid: the law's draw rounded, redrawn until the rounded value meets its bounds. */
    static double onGrid(Distribution law, double resolution, RowRandom random) {
        double stepsPerUnit = 1 / resolution;
        boolean wholeSteps = stepsPerUnit == Math.rint(stepsPerUnit);
        while (true) {
            double steps = Math.rint(law.sample(random) / resolution);
            // Dividing by a whole number of steps per ms keeps 15 steps of 0.1 ms at 1.5, not 1.5000000000000002.
            double value = wholeSteps ? steps / stepsPerUnit : steps * resolution;
            if (value >= law.low() && value <= law.high()) {
                return value;
            }
        }
    }

    /** One projection's part of each row of the slice. */
    private final class ProjectionRows {
        final Projection projection;
        final NeuronSet sources;
        final NeuronSet targets;
        final RowSplit.Cursor counts;
        final OutdegreeRows outdegree;
        final DistinctSampler sampler = new DistinctSampler();
        final RowStream preRandom;
        final RowStream weightRandom;
        final RowStream delayRandom;
        final boolean excludesSelf;
        final Distribution[] weightLaws;
        /** A constant law draws nothing: its value is filled in (the same rows, fewer cycles). */
        final boolean constantDelay;
        int[] pres = new int[16];
        double[] weights = new double[16];
        double[] delays = new double[16];

        ProjectionRows(Projection projection, long total, long seed, int firstRow, int endRow) {
            this.projection = projection;
            this.sources = projection.sources();
            this.targets = projection.targets();
            this.counts = projection.rule() == Rule.FIXED_INDEGREE || projection.rule() == Rule.FIXED_OUTDEGREE
                    ? null : new ProjectionTree(projection, total, seed).rows(firstRow, endRow);
            this.outdegree = projection.rule() == Rule.FIXED_OUTDEGREE
                    ? new OutdegreeRows(projection, seed, firstRow, endRow) : null;
            this.preRandom = new RowStream(seed, RandomStream.PRE_SAMPLE, RowStream.NUMBERS_PER_PRE);
            this.weightRandom = new RowStream(seed, RandomStream.RECURRENT_WEIGHT, RowStream.NUMBERS_PER_VALUE);
            this.delayRandom = new RowStream(seed, RandomStream.DELAY, RowStream.NUMBERS_PER_VALUE);
            this.excludesSelf = projection.excludesSelf();
            this.weightLaws = projection.weightByPopulation();
            this.constantDelay = projection.delay() != null
                    && projection.delay().kind() == Distribution.Kind.CONSTANT;
        }

        /** The number of this projection's synapses onto {@code post} (a target, asked once each, ascending). */
        int count(int post) {
            if (outdegree != null) {
                return outdegree.peekCount((int) targets.countBelow(post));
            }
            long count = counts == null ? projection.fixedCount() : counts.next();
            return Math.toIntExact(count);
        }

        /** The post's {@code k} synapses (as {@link #count} said) into {@code pres, weights, delays} from index 0. */
        void generate(int post, int k, int[] pres, double[] weights, double[] delays) {
            if (outdegree != null) {
                outdegree.pres((int) targets.countBelow(post), pres);
                weightsAndDelays(post, k, pres, weights, delays);
                return;
            }
            boolean self = excludesSelf && sources.contains(post);
            long width = sources.size() - (self ? 1 : 0);
            RowRandom random = preRandom.reset(post, projection.index(), k);
            if (!projection.multapses()) {
                if (k > width) {
                    throw new FullRowException(projection.index(), post, sources.size());
                }
                sampler.sample(random, width, k, pres);
            } else {
                sampler.sampleWithReplacement(random, width, k, pres);
            }
            // Local source indices to ids: past the post's own index under exclude and repair, then by range.
            int pastSelf = self ? firstAtLeast(pres, 0, k, sources.countBelow(post)) : k;
            if (sources.isRange()) {
                int first = sources.first();
                for (int i = 0; i < pastSelf; i++) {
                    pres[i] += first;
                }
                for (int i = pastSelf; i < k; i++) {
                    pres[i] += first + 1;
                }
            } else {
                for (int i = 0; i < k; i++) {
                    pres[i] = sources.idAt(i < pastSelf ? pres[i] : pres[i] + 1L);
                }
            }
            weightsAndDelays(post, k, pres, weights, delays);
        }

        private void ensureOwn(int k) {
            if (pres.length < k) {
                int length = Math.max(k, pres.length * 2);
                pres = new int[length];
                weights = new double[length];
                delays = new double[length];
            }
        }

        /**
         * The weights and delays of the post's k pres (ascending in pres[0 .. k-1]): each run of pres of one
         * population draws its weights from that population's law, in pre order.
         */
        private void weightsAndDelays(int post, int k, int[] pres, double[] weights, double[] delays) {
            weightRandom.reset(post, projection.index(), k);
            int population = 0;
            for (int start = 0; start < k; population++) {
                if (pres[start] >= populationEnds[population]) {
                    continue;
                }
                int end = firstAtLeast(pres, start, k, populationEnds[population]);
                weightLaws[population].fill(weightRandom.random(), weights, start, end);
                start = end;
            }
            if (hasDelay) {
                if (constantDelay) {
                    // A constant law draws nothing: no stream to position.
                    Arrays.fill(delays, 0, k, onGrid(projection.delay(), resolution, delayRandom.random()));
                } else {
                    RowRandom random = delayRandom.reset(post, projection.index(), k);
                    for (int i = 0; i < k; i++) {
                        delays[i] = onGrid(projection.delay(), resolution, random);
                    }
                }
            }
        }
    }
}
