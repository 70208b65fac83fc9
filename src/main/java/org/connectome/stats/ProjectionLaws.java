package org.connectome.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import org.connectome.model.Distribution;
import org.connectome.model.Network;
import org.connectome.model.Projection;

/**
 * What a correct connectome looks like, one projection of a network spec at a time (SPEC 7): the laws of its
 * targets' in-degrees and its sources' out-degrees, of its weights per source population and of its delays, and
 * the statistical checks of {@code stats} against them (plain Java: the measured histograms come from Spark SQL
 * or, in tests, from rows). The report draws the same laws.
 *
 * <p>Notation: S the sources, T the targets, h = |S &cap; T| the neurons on both sides, n the projection's synapses
 * (fixed, or pairwise_bernoulli's Binomial(cells, p) draw of the seed), C its cells ({@link Projection#cells()}).
 * Where autapses are excluded or repaired, a neuron on both sides is not a candidate of itself: a target t has
 * w_t = |S| - [t in S] candidate sources (|S| under allow), and its row's share of the tree's count is over
 * c_t = |S| - [t in S] cells under exclude, |S| under repair and allow.
 * <ul>
 * <li><b>fixed_total_number, pairwise_bernoulli</b>, in-degree of t: without multapses the n synapses are a
 *     uniform subset of the C cells (given n), so Hypergeometric(C, c_t, n); with multapses a multinomial of
 *     n draws, so Binomial(n, c_t / C). Out-degree of s: without multapses under allow or exclude likewise
 *     Hypergeometric(C, r_s, n), r_s the rows holding s as a candidate; with multapses each synapse lands on s
 *     with probability P_s = sum_t c_t / (C w_t) over those rows, Binomial(n, P_s); under repair without
 *     multapses row t holds s with probability n c_t / (C w_t) whatever its count (a uniform subset of its
 *     candidates), and the rows are taken as independent (their counts' dependence, through the fixed total,
 *     changes the variance by O(1/|T|)): a sum of two binomials, rows on both sides and the others.</li>
 * <li><b>fixed_indegree</b>: every in-degree is K (an exact check); source s is picked by each target t with
 *     probability K / w_t (without multapses) or has Binomial(K, 1 / w_t) of its draws (with), independently over
 *     targets: Binomial(h', K / (|S|-1)) + Binomial(|T| - h, K / |S|), h' = h - [s in T], or Binomial(K h',
 *     1 / (|S|-1)) + Binomial(K (|T| - h), 1 / |S|) with multapses (a single binomial under allow).</li>
 * <li><b>fixed_outdegree</b>: the same with sources and targets exchanged.</li>
 * <li><b>Weights</b> from population i: the spec's law for i conditioned on its bounds (redraw, Dale's sign):
 *     {@link ContinuousLaw#of}. Tested in {@value #WEIGHT_BINS} equal bins between its 1e-6 and 1 - 1e-6
 *     quantiles and two tail cells; a constant law is an exact check.</li>
 * <li><b>Delays</b>: a draw of the bounded law rounded to the resolution's grid and redrawn until the rounded
 *     value is within the bounds, so step k has probability F((k + 1/2) r) - F((k - 1/2) r) under the bounded
 *     law's cdf F, renormalized over the steps within the bounds.</li>
 * </ul>
 * Tests are Pearson chi-square goodness-of-fit tests with sparse cells pooled ({@link ChiSquare}); a line fails
 * when its p-value is below {@link Checks#ALPHA} (1e-6, the reference model's range checks' probability). The
 * degrees of neurons are weakly negatively dependent (a fixed total), which only makes the test conservative.
 */
public final class ProjectionLaws {
    /** Equal-width weight bins between the law's 1e-6 and 1 - 1e-6 quantiles. */
    public static final int WEIGHT_BINS = 50;
    private static final double TAIL = 1e-6;
    private static final long MAX_DELAY_STEPS = 1 << 20;

    private final Network network;
    private final Projection projection;
    private final long synapses;

    public ProjectionLaws(Network network, Projection projection, long seed) {
        this.network = network;
        this.projection = projection;
        this.synapses = network.synapses(projection, seed);
    }

    public Projection projection() {
        return projection;
    }

    public long synapses() {
        return synapses;
    }

    /** The law of the targets' in-degrees; null when the rule fixes each (fixed_indegree). */
    public DegreeLaw inDegree() {
        return switch (projection.rule()) {
            case FIXED_INDEGREE -> null;
            case FIXED_OUTDEGREE -> pickedBy(projection.targets().size(), projection.sources().size(),
                    projection.targets().size(), "sources");
            default -> treeInDegree();
        };
    }

    /** The law of the sources' out-degrees; null when the rule fixes each (fixed_outdegree). */
    public DegreeLaw outDegree() {
        return switch (projection.rule()) {
            case FIXED_OUTDEGREE -> null;
            case FIXED_INDEGREE -> pickedBy(projection.sources().size(), projection.targets().size(),
                    projection.sources().size(), "targets");
            default -> treeOutDegree();
        };
    }

    /**
     * The degrees of one side (size {@code sideSize}) of a degree rule: each neuron of the other side ({@code
     * otherSize} of them) draws K among {@code candidates} (one less where it is on both sides and excludes itself).
     */
    private DegreeLaw pickedBy(long sideSize, long otherSize, long candidates, String others) {
        long k = projection.fixedCount();
        long h = projection.shared();
        boolean excl = projection.excludesSelf();
        boolean multi = projection.multapses();
        List<DegreeLaw.Kind> kinds = new ArrayList<>();
        if (!excl) {
            kinds.add(new DegreeLaw.Kind(sideSize, List.of(picks(otherSize, k, candidates, multi))));
        } else {
            // A neuron on both sides is picked by the h - 1 others of both sides (one candidate fewer each).
            kinds.add(new DegreeLaw.Kind(h, List.of(picks(h - 1, k, candidates - 1, multi),
                    picks(otherSize - h, k, candidates, multi))));
            kinds.add(new DegreeLaw.Kind(sideSize - h, List.of(picks(h, k, candidates - 1, multi),
                    picks(otherSize - h, k, candidates, multi))));
        }
        return new DegreeLaw(projection.rule().specName() + ": each of the " + others + " draws " + k + (multi
                ? " with" : " without") + " replacement", kinds);
    }

    /** How often one neuron is picked by {@code pickers} neurons that each draw K of {@code candidates}. */
    private static CountLaw picks(long pickers, long k, long candidates, boolean multi) {
        if (pickers <= 0 || candidates <= 0) {
            return CountLaw.binomial(0, 0);
        }
        return multi ? CountLaw.binomial(pickers * k, 1.0 / candidates)
                : CountLaw.binomial(pickers, Math.min(1, (double) k / candidates));
    }

    private DegreeLaw treeInDegree() {
        long s = projection.sources().size();
        long h = projection.shared();
        long cells = projection.cells();
        long sharedCells = s - (projection.countsWithoutSelf() ? 1 : 0);
        List<DegreeLaw.Kind> kinds = List.of(new DegreeLaw.Kind(h, List.of(rowCount(cells, sharedCells))),
                new DegreeLaw.Kind(projection.targets().size() - h, List.of(rowCount(cells, s))));
        return new DegreeLaw(treeName() + ", rows of " + cells + " cells", kinds);
    }

    private CountLaw rowCount(long cells, long rowCells) {
        if (cells == 0) {
            return CountLaw.binomial(0, 0);
        }
        return projection.multapses() ? CountLaw.binomial(synapses, (double) rowCells / cells)
                : CountLaw.hypergeometric(cells, rowCells, synapses);
    }

    private DegreeLaw treeOutDegree() {
        long s = projection.sources().size();
        long t = projection.targets().size();
        long h = projection.shared();
        long cells = projection.cells();
        boolean excl = projection.excludesSelf();
        boolean cws = projection.countsWithoutSelf();
        // Rows (targets) on both sides: their cells c and candidates w; the other rows have |S| of each.
        double c1 = s - (cws ? 1 : 0);
        double w1 = s - (excl ? 1 : 0);
        List<DegreeLaw.Kind> kinds = new ArrayList<>();
        for (boolean onBoth : new boolean[] {true, false}) {
            long neurons = onBoth ? h : s - h;
            long bothRows = excl ? h - (onBoth ? 1 : 0) : h; // rows on both sides holding this source as a candidate
            long otherRows = t - h;
            CountLaw law;
            if (cells == 0) {
                law = CountLaw.binomial(0, 0);
                kinds.add(new DegreeLaw.Kind(neurons, List.of(law)));
                continue;
            }
            if (projection.multapses()) {
                double p = (bothRows * c1 / w1 + otherRows) / cells;
                kinds.add(new DegreeLaw.Kind(neurons, List.of(CountLaw.binomial(synapses, Math.min(1, p)))));
            } else if (!excl || cws) {
                kinds.add(new DegreeLaw.Kind(neurons, List.of(CountLaw.hypergeometric(cells, bothRows + otherRows,
                        synapses))));
            } else {
                double share = (double) synapses / cells; // E[row count] / |S|, per cell of a row
                kinds.add(new DegreeLaw.Kind(neurons, List.of(CountLaw.binomial(bothRows, Math.min(1, share * c1 / w1)),
                        CountLaw.binomial(otherRows, Math.min(1, share)))));
            }
        }
        return new DegreeLaw(treeName() + ", columns of the " + cells + " cells", kinds);
    }

    private String treeName() {
        return projection.rule().specName() + " (" + synapses + " synapses" + (projection.multapses() ? ", multapses"
                : "") + ")";
    }

    /**
     * Mean and variance of the in-degree of a target of population {@code target} (an index into the network's
     * populations; it must be a target): the kind of {@link #inDegree()} it belongs to, or K and 0.
     */
    public double[] inDegreeMoments(int target) {
        DegreeLaw law = inDegree();
        if (law == null) {
            return new double[] {projection.fixedCount(), 0};
        }
        boolean source = projection.sources().contains(network.populations().get(target).first());
        DegreeLaw.Kind kind = law.kinds().size() == 1 ? law.kinds().get(0)
                : law.kinds().get(source && projection.shared() > 0 ? 0 : law.kinds().size() - 1);
        return new double[] {kind.mean(), kind.variance()};
    }

    /**
     * The share of a target's synapses from population {@code source}: its candidates there over all its
     * candidates (a target that is a source is not a candidate of itself where autapses are excluded).
     */
    public double sourceShare(int target, int source) {
        var populations = network.populations();
        if (!projection.sources().contains(populations.get(source).first())) {
            return 0;
        }
        boolean self = projection.excludesSelf() && projection.sources().contains(populations.get(target).first());
        double candidates = projection.sources().size() - (self ? 1 : 0);
        double there = populations.get(source).size() - (self && source == target ? 1 : 0);
        return candidates <= 0 ? 0 : there / candidates;
    }

    /** The expected synapses of the block (target population, source population); 0 outside the projection. */
    public double expectedSynapses(int target, int source) {
        var populations = network.populations();
        if (!projection.targets().contains(populations.get(target).first())) {
            return 0;
        }
        return populations.get(target).size() * inDegreeMoments(target)[0] * sourceShare(target, source);
    }

    /**
     * Mean and variance of the summed weight of the projection's synapses onto a target of population {@code
     * target}: given its in-degree k, k weights each from source population s with probability its share (with
     * replacement: the composition of a row drawn without is less spread by O(k / |S|)), so E = E[k] m1 and
     * Var = E[k] (m2 - m1^2) + Var(k) m1^2, m1 and m2 the first two moments of one synapse's weight.
     */
    public double[] summedInputMoments(int target) {
        var populations = network.populations();
        if (!projection.targets().contains(populations.get(target).first())) {
            return new double[] {0, 0};
        }
        double m1 = 0;
        double m2 = 0;
        for (int s = 0; s < populations.size(); s++) {
            double share = sourceShare(target, s);
            if (share > 0) {
                ContinuousLaw law = weight(s);
                m1 += share * law.mean();
                m2 += share * (law.standardDeviation() * law.standardDeviation() + law.mean() * law.mean());
            }
        }
        double[] k = inDegreeMoments(target);
        return new double[] {k[0] * m1, k[0] * Math.max(0, m2 - m1 * m1) + k[1] * m1 * m1};
    }

    /**
     * The law of the summed recurrent weight onto a post over all projections (E/I balance): per target population
     * the normal of the projections' summed means and variances (independent projections), mixed by the
     * populations' sizes; posts no projection reaches (a point mass at 0) are left out of the mixture.
     */
    public static ContinuousLaw summedInput(Network network, long seed) {
        var populations = network.populations();
        List<ProjectionLaws> all = network.projections().stream().map(p -> new ProjectionLaws(network, p, seed))
                .toList();
        List<ContinuousLaw> parts = new ArrayList<>();
        List<Double> sizes = new ArrayList<>();
        for (int t = 0; t < populations.size(); t++) {
            double mean = 0;
            double variance = 0;
            boolean reached = false;
            for (ProjectionLaws laws : all) {
                if (laws.projection.targets().contains(populations.get(t).first())) {
                    double[] moments = laws.summedInputMoments(t);
                    mean += moments[0];
                    variance += moments[1];
                    reached = true;
                }
            }
            if (reached) {
                parts.add(ContinuousLaw.normal(mean, Math.sqrt(variance)));
                sizes.add((double) populations.get(t).size());
            }
        }
        double total = sizes.stream().mapToDouble(Double::doubleValue).sum();
        double[] weights = sizes.stream().mapToDouble(size -> size / total).toArray();
        return ContinuousLaw.mixture("mixture of " + parts.size() + " normals (one per target population)", parts,
                weights);
    }

    /** The law of a weight from population {@code population} (an index into the network's populations). */
    public ContinuousLaw weight(int population) {
        Distribution law = projection.weightByPopulation()[population];
        return law == null ? null : ContinuousLaw.of(law);
    }

    /** The weight bins of a source population: see {@link Bins}. */
    public Bins weightBins(int population) {
        Distribution law = projection.weightByPopulation()[population];
        if (law == null) {
            return null;
        }
        if (law.kind() == Distribution.Kind.CONSTANT) {
            // One cell of the value (a float table rounds it by half an ulp of float at most).
            double ulp = Math.ulp((float) law.a());
            return new Bins(law.a() - ulp, 2 * ulp, 1, new double[] {0, 1, 0});
        }
        ContinuousLaw.Bounded bounded = (ContinuousLaw.Bounded) ContinuousLaw.of(law);
        double low = bounded.quantile(TAIL);
        double high = bounded.quantile(1 - TAIL);
        double width = (high - low) / WEIGHT_BINS;
        double[] probabilities = new double[WEIGHT_BINS + 2];
        double previous = bounded.cdf(low);
        probabilities[0] = previous;
        for (int i = 0; i < WEIGHT_BINS; i++) {
            double next = i == WEIGHT_BINS - 1 ? bounded.cdf(high) : bounded.cdf(low + (i + 1) * width);
            probabilities[i + 1] = Math.max(0, next - previous);
            previous = next;
        }
        probabilities[WEIGHT_BINS + 1] = Math.max(0, 1 - previous);
        return new Bins(low, width, WEIGHT_BINS, probabilities);
    }

    /**
     * Equal bins {@code [low + i width, low + (i + 1) width)}, {@code i < bins}, and two tail cells: cell 0 below
     * {@code low}, cell {@code bins + 1} from {@code low + bins width} on. {@code probabilities} has a value per cell.
     */
    public record Bins(double low, double width, int bins, double[] probabilities) {
        /** The cell of a value: 0 below, 1 .. bins, bins + 1 above (as {@code NetworkChecks}' SQL computes it). */
        public int cell(double value) {
            double bin = Math.floor((value - low) / width);
            return bin < 0 ? 0 : bin >= bins ? bins + 1 : (int) bin + 1;
        }
    }

    /** The delay law on the resolution's grid: P(delay = step * resolution) from {@code firstStep} on. */
    public record DelaySteps(long firstStep, double[] probabilities, double resolution) {
        public double[] expected(long samples, long from, long to) {
            double[] expected = new double[(int) (to - from + 1)];
            for (int i = 0; i < probabilities.length; i++) {
                long step = firstStep + i;
                if (step >= from && step <= to) {
                    expected[(int) (step - from)] = samples * probabilities[i];
                }
            }
            return expected;
        }
    }

    /** The delay law, or null in a network without delays. */
    public DelaySteps delay() {
        Distribution law = projection.delay();
        if (law == null) {
            return null;
        }
        double r = network.resolution();
        ContinuousLaw.Bounded bounded = (ContinuousLaw.Bounded) ContinuousLaw.of(law);
        long first = (long) Math.ceil(law.low() / r - 1e-9);
        if (law.kind() == Distribution.Kind.CONSTANT) {
            long step = Math.round(law.a() / r);
            return new DelaySteps(step, new double[] {1}, r);
        }
        double top = Math.min(law.high(), bounded.quantile(1 - 1e-15));
        long last = (long) Math.floor(top / r + 1e-9) + 1;
        if (Double.isFinite(law.high())) {
            last = Math.min(last, (long) Math.floor(law.high() / r + 1e-9));
        }
        last = Math.min(last, first + MAX_DELAY_STEPS); // a tail beyond a million steps pools into the last cell
        double[] probabilities = new double[(int) Math.max(1, last - first + 1)];
        double total = 0;
        for (int i = 0; i < probabilities.length; i++) {
            long step = first + i;
            probabilities[i] = Math.max(0, bounded.cdf((step + 0.5) * r) - bounded.cdf((step - 0.5) * r));
            total += probabilities[i];
        }
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] /= total;
        }
        return new DelaySteps(first, probabilities, r);
    }

    /**
     * What one projection measured: neurons per in-degree over all targets and per out-degree over all sources
     * (zeros included), weight cells per source population ({@link #weightBins}; null for a population that is
     * not a source), and synapses per delay step (null without delays).
     */
    public record Measured(SortedMap<Long, Long> inDegree, SortedMap<Long, Long> outDegree, long[][] weightCells,
            SortedMap<Long, Long> delaySteps) {
    }

    /** The statistical checks of the projection against what was measured, each line named {@code name ...}. */
    public List<Check> check(String name, Measured measured) {
        List<Check> checks = new ArrayList<>();
        DegreeLaw in = inDegree();
        checks.add(in != null ? degrees(name + " in-degree law", measured.inDegree(), in)
                : fixedDegree(name + " in-degree of every target", measured.inDegree(), projection.targets().size(),
                        "targets"));
        DegreeLaw out = outDegree();
        checks.add(out != null ? degrees(name + " out-degree law", measured.outDegree(), out)
                : fixedDegree(name + " out-degree of every source", measured.outDegree(),
                        projection.sources().size(), "sources"));
        var populations = network.populations();
        for (int i = 0; i < populations.size(); i++) {
            Bins bins = weightBins(i);
            if (bins == null) {
                continue;
            }
            long[] cells = measured.weightCells()[i];
            long count = 0;
            for (long c : cells) {
                count += c;
            }
            String line = name + " weights from " + populations.get(i).name();
            if (count == 0) {
                continue;
            }
            if (bins.bins() == 1) {
                long off = cells[0] + cells[2];
                checks.add(new Check(line + " (" + weight(i).description() + ")", off + " of " + count + " off",
                        "0 off", "exact", off == 0));
                continue;
            }
            double[] expected = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                expected[c] = count * bins.probabilities()[c];
            }
            checks.add(chiSquare(line, ChiSquare.test(cells, expected), weight(i).description(), count));
        }
        DelaySteps delay = delay();
        if (delay != null && measured.delaySteps() != null && !measured.delaySteps().isEmpty()) {
            SortedMap<Long, Long> steps = measured.delaySteps();
            long count = steps.values().stream().mapToLong(Long::longValue).sum();
            long from = Math.min(steps.firstKey(), delay.firstStep());
            long to = Math.max(steps.lastKey(), delay.firstStep() + delay.probabilities().length - 1);
            String line = name + " delays";
            String law = ContinuousLaw.of(projection.delay()).description() + " on the " + Check.number(
                    delay.resolution()) + " ms grid";
            if (delay.probabilities().length == 1) {
                long off = count - steps.getOrDefault(delay.firstStep(), 0L);
                checks.add(new Check(line + " (" + law + ")", off + " of " + count + " off", "0 off", "exact",
                        off == 0));
            } else {
                checks.add(chiSquare(line, ChiSquare.test(observed(steps, from, to), delay.expected(count, from, to)),
                        law, count));
            }
        }
        return checks;
    }

    /** A degree histogram against its law. */
    static Check degrees(String name, SortedMap<Long, Long> histogram, DegreeLaw law) {
        long from = Math.min(histogram.isEmpty() ? law.low() : histogram.firstKey(), law.low());
        long to = Math.max(histogram.isEmpty() ? law.high() : histogram.lastKey(), law.high());
        long neurons = histogram.values().stream().mapToLong(Long::longValue).sum();
        return chiSquare(name, ChiSquare.test(observed(histogram, from, to), law.expected(from, to)),
                law.description(), neurons);
    }

    private static long[] observed(SortedMap<Long, Long> histogram, long from, long to) {
        long[] observed = new long[(int) (to - from + 1)];
        for (Map.Entry<Long, Long> entry : histogram.entrySet()) {
            observed[(int) (entry.getKey() - from)] += entry.getValue();
        }
        return observed;
    }

    private static Check chiSquare(String name, ChiSquare test, String law, long samples) {
        boolean passed = !(test.pValue() < Checks.ALPHA);
        String measured = String.format(Locale.ROOT, "chi2 %s, %d dof, p = %s (n = %d)", Check.number(test.statistic(),
                4), test.degreesOfFreedom(), Check.number(test.pValue(), 3), samples);
        return new Check(name, measured, law, "p >= " + Checks.alphaText(), passed);
    }

    /** Every neuron of a side (all of them, zeros included in the histogram) has exactly K synapses. */
    private Check fixedDegree(String name, SortedMap<Long, Long> histogram, long neurons, String side) {
        long k = projection.fixedCount();
        boolean passed = histogram.size() == 1 && histogram.getOrDefault(k, 0L) == neurons;
        String found = histogram.isEmpty() ? "none" : String.format(Locale.ROOT, "%d %s, min %d max %d",
                histogram.values().stream().mapToLong(Long::longValue).sum(), side, histogram.firstKey(),
                histogram.lastKey());
        return new Check(name, found, String.format(Locale.ROOT, "%d %s, %d each", neurons, side, k), "exact", passed);
    }
}
