package org.connectome.stats;

import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;

/**
 * What a correct connectome of a model looks like: the laws of its degrees, of the number of synapses leaving
 * excitatory neurons and of the summed input weight, derived from SPEC 1 (plain Java, no Spark).
 *
 * <p>Notation: N neurons, N_syn synapses, m = N_syn / N, Ne excitatory neurons, s the recurrent scale,
 * W = N - 1 columns per row under {@code exclude}, else N.
 *
 * <ul>
 * <li><b>In-degree</b> (synapses per post, the row counts): the rows of a uniform N_syn-subset of the N W
 *     cells, so each row count is Hypergeometric(N W, W, N_syn) (under {@code repair} the diagonal cell is
 *     moved within its row, which keeps the row count).</li>
 * <li><b>Out-degree</b> (synapses per pre, the column counts): under {@code allow} the cells are uniform over
 *     the square, which is symmetric in rows and columns: the in-degree law. Under {@code exclude} the
 *     off-diagonal cells are symmetric too: Hypergeometric(N (N-1), N-1, N_syn). Under {@code repair} a row
 *     of k synapses is a uniform k-subset of the N-1 off-diagonal columns, so column j counts, over the rows
 *     r != j, independent Bernoulli(k_r / (N-1)) given the row counts k; hence mean m and
 *     <pre>Var = m - (V + m^2) / (N-1) + V / (N-1)^2</pre>
 *     with V the in-degree variance (total variance: the conditional variance
 *     sum_r k_r/(N-1) (1 - k_r/(N-1)) in expectation, plus the variance of (N_syn - k_j)/(N-1)). Its range
 *     bounds use Binomial(N-1, m/(N-1)), which has the same mean and a larger variance: a Poisson-binomial
 *     count is less spread than the binomial of the same mean (Hoeffding 1956), and the mixing over k_j adds
 *     only V/(N-1)^2.</li>
 * <li><b>Synapses from excitatory neurons</b> n_E: under {@code allow} Hypergeometric(N^2, Ne N, N_syn),
 *     under {@code exclude} Hypergeometric(N (N-1), Ne (N-1), N_syn); mean N_syn Ne / N for all policies.
 *     Under {@code repair}, given the row counts, row r draws its E pres from Hypergeometric(N-1,
 *     Ne - [r &lt; Ne], k_r); with c_E = (Ne-1)/(N-1), c_I = Ne/(N-1) and K_E the synapses of E rows
 *     (Hypergeometric(N^2, Ne N, N_syn)):
 *     <pre>Var(n_E) = Var(K_E) / (N-1)^2
 *          + (Ne c_E (1-c_E) + (N-Ne) c_I (1-c_I)) / (N-2) * ((N-1) m - V - m^2)</pre></li>
 * <li><b>Summed input per post</b> (E/I balance): the mean over all N posts of the summed recurrent weight
 *     onto a post is the total weight over N. Given the pres, the total is normal with mean
 *     s (mu_e n_E + mu_i (N_syn - n_E)) and variance N_syn sigma_0^2 s^2, so its mean is
 *     m (Ne mu_e + (N - Ne) mu_i) / N s and its variance
 *     <pre>N_syn sigma_0^2 s^2 + s^2 (mu_e - mu_i)^2 Var(n_E)</pre>
 *     divided by N^2 for the mean over posts.</li>
 * <li><b>Summed input onto one post</b> j (the histogram of E/I balance): its row holds k pres, k from the
 *     in-degree law (mean m, variance V), drawn among W' columns (N - 1 under {@code repair} and
 *     {@code exclude}, N under {@code allow}) of which Ne' are excitatory (Ne - [j &lt; Ne] off the diagonal,
 *     else Ne); given k, the excitatory pres k_E are Hypergeometric(W', Ne', k), and given both the sum is
 *     normal with mean s (mu_e k_E + mu_i (k - k_E)) and variance k sigma_0^2 s^2. With f = Ne' / W' and
 *     a = mu_e f + mu_i (1 - f), the sum has mean s m a and variance
 *     <pre>sigma_0^2 s^2 m + s^2 (a^2 V + (mu_e - mu_i)^2 f (1-f) (W' m - V - m^2) / (W' - 1))</pre>
 *     The law over all posts mixes the E and I posts' laws with weights Ne / N and (N - Ne) / N; it is drawn
 *     as the normal of that mean and variance (a sum of about m weights).</li>
 * <li><b>Connection probability between populations</b>: every cell a synapse may occupy (off the diagonal
 *     unless {@code allow}) holds one with probability m / W', whichever populations its post and pre are in.</li>
 * </ul>
 * The Monte Carlo tests check each of these against the generator's kernel.
 */
public final class ConnectomeLaws {
    private final ConnectomeModel model;
    private final long n;
    private final long synapses;
    private final long excitatory;

    public ConnectomeLaws(ConnectomeModel model) {
        this.model = model;
        this.n = model.neurons();
        this.synapses = model.synapses();
        this.excitatory = model.excitatoryNeurons();
    }

    public ConnectomeModel model() {
        return model;
    }

    /** m = N_syn / N, the mean in- and out-degree. */
    public double meanDegree() {
        return (double) synapses / n;
    }

    /** The law of one post neuron's synapse count. */
    public CountLaw inDegree() {
        long width = model.autapses().rowWidth(model.neurons());
        return CountLaw.hypergeometric(n * width, width, synapses);
    }

    /** The variance of one pre neuron's synapse count. */
    public double outDegreeVariance() {
        if (model.autapses() != AutapsePolicy.REPAIR) {
            return inDegree().variance();
        }
        if (n < 2) {
            return 0;
        }
        double m = meanDegree();
        double v = inDegree().variance();
        double columns = n - 1;
        return Math.max(0, m - (v + m * m) / columns + v / (columns * columns));
    }

    /** The excess kurtosis of one pre neuron's synapse count (under repair that of exclude, a close law). */
    public double outDegreeKurtosis() {
        if (model.autapses() == AutapsePolicy.ALLOW) {
            return inDegree().excessKurtosis();
        }
        return CountLaw.hypergeometric(n * (n - 1), n - 1, synapses).excessKurtosis();
    }

    /**
     * The law an out-degree histogram is drawn against: exact under {@code allow} and {@code exclude}; under
     * {@code repair} the law of {@code exclude} (see {@link #outDegreeLawExact()}), whose variance differs from
     * the exact {@link #outDegreeVariance()} by O(m / N).
     */
    public CountLaw outDegree() {
        if (model.autapses() == AutapsePolicy.ALLOW || n < 2) {
            return inDegree();
        }
        return CountLaw.hypergeometric(n * (n - 1), n - 1, synapses);
    }

    /** Whether {@link #outDegree()} is the exact law (not under {@code repair}). */
    public boolean outDegreeLawExact() {
        return model.autapses() != AutapsePolicy.REPAIR;
    }

    /** The law the out-degree range is bounded with: exact but for repair (see the class comment). */
    public CountLaw outDegreeBounds() {
        if (model.autapses() != AutapsePolicy.REPAIR) {
            return inDegree();
        }
        if (n < 2) {
            return CountLaw.binomial(0, 0);
        }
        return CountLaw.binomial(n - 1, Math.min(1, meanDegree() / (n - 1)));
    }

    /** Diagonal cells among the N_syn chosen under {@code allow}: Hypergeometric(N^2, N, N_syn). */
    public CountLaw autapsesAllowed() {
        return CountLaw.hypergeometric(n * n, n, synapses);
    }

    /** E[n_E] = N_syn Ne / N, for every policy. */
    public double excitatorySynapsesMean() {
        return (double) synapses * excitatory / n;
    }

    /** Var(n_E), the number of synapses whose pre is excitatory. */
    public double excitatorySynapsesVariance() {
        switch (model.autapses()) {
            case ALLOW:
                return CountLaw.hypergeometric(n * n, excitatory * n, synapses).variance();
            case EXCLUDE:
                return CountLaw.hypergeometric(n * (n - 1), excitatory * (n - 1), synapses).variance();
            default:
                break;
        }
        if (n < 2) {
            return 0;
        }
        double columns = n - 1;
        double rowsVariance = CountLaw.hypergeometric(n * n, excitatory * n, synapses).variance();
        double between = rowsVariance / (columns * columns);
        if (n < 3) {
            return between; // one column per row to choose from: no variance within rows
        }
        double m = meanDegree();
        double v = inDegree().variance();
        double cE = (excitatory - 1) / columns;
        double cI = excitatory / columns;
        double spread = excitatory * cE * (1 - cE) + (n - excitatory) * cI * (1 - cI);
        double within = spread / (n - 2) * (columns * m - v - m * m);
        return between + Math.max(0, within);
    }

    /** The mean of a recurrent weight whose pre is excitatory: mu_e s. */
    public double excitatoryWeightMean() {
        return model.muExcitatory() * model.recurrentScale();
    }

    /** The mean of a recurrent weight whose pre is inhibitory: mu_i s. */
    public double inhibitoryWeightMean() {
        return model.muInhibitory() * model.recurrentScale();
    }

    /** The standard deviation of a recurrent weight: sigma_0 s. */
    public double recurrentWeightStd() {
        return model.sigma0() * model.recurrentScale();
    }

    /** The law of a recurrent weight whose pre is excitatory ({@code true}) or inhibitory. */
    public ContinuousLaw recurrentWeight(boolean excitatoryPre) {
        return ContinuousLaw.normal(excitatoryPre ? excitatoryWeightMean() : inhibitoryWeightMean(),
                recurrentWeightStd());
    }

    /** Columns a post's synapses are drawn among: N - 1 off the diagonal, or N under {@code allow}. */
    private long synapseColumns() {
        return model.autapses() == AutapsePolicy.ALLOW ? n : n - 1;
    }

    /** The probability that a cell a synapse may occupy holds one: m / W' (see the class comment). */
    public double cellProbability() {
        long columns = synapseColumns();
        return columns <= 0 ? 0 : Math.min(1, meanDegree() / columns);
    }

    /**
     * Cells a synapse may occupy from a population of {@code preSize} neurons onto one of {@code postSize}: all
     * pairs, less the diagonal when it is the same population and autapses are not allowed.
     */
    public long possibleCells(long preSize, long postSize, boolean samePopulation) {
        boolean noDiagonal = samePopulation && model.autapses() != AutapsePolicy.ALLOW;
        return preSize * postSize - (noDiagonal ? Math.min(preSize, postSize) : 0);
    }

    /**
     * The law of the synapse count of a block of {@code cells} possible cells (see {@link #possibleCells}):
     * Hypergeometric(N W', cells, N_syn), a block of a uniform N_syn-subset of the N W' cells (under
     * {@code repair} the row counts are drawn over all N^2 cells first, so this law is close, not exact).
     */
    public CountLaw blockSynapses(long cells) {
        long all = n * synapseColumns();
        return CountLaw.hypergeometric(all, Math.min(cells, all), Math.min(synapses, all));
    }

    /** The law of the summed recurrent weight onto one post neuron, over all posts (see the class comment). */
    public ContinuousLaw summedInputPerPost() {
        if (synapses == 0) {
            return ContinuousLaw.normal(0, 0);
        }
        double excitatoryShare = (double) excitatory / n;
        boolean allow = model.autapses() == AutapsePolicy.ALLOW;
        double[] ofExcitatoryPost = summedInputOfPost(allow ? excitatory : excitatory - 1);
        double[] ofInhibitoryPost = summedInputOfPost(excitatory);
        double mean = excitatoryShare * ofExcitatoryPost[0] + (1 - excitatoryShare) * ofInhibitoryPost[0];
        double second = excitatoryShare * (ofExcitatoryPost[1] + ofExcitatoryPost[0] * ofExcitatoryPost[0])
                + (1 - excitatoryShare) * (ofInhibitoryPost[1] + ofInhibitoryPost[0] * ofInhibitoryPost[0]);
        return ContinuousLaw.normal(mean, Math.sqrt(Math.max(0, second - mean * mean)));
    }

    /** Mean and variance of the summed input onto a post whose row has {@code excitatoryColumns} E columns. */
    private double[] summedInputOfPost(long excitatoryColumns) {
        double s = model.recurrentScale();
        double columns = synapseColumns();
        double m = meanDegree();
        double v = inDegree().variance();
        double f = columns <= 0 ? 0 : Math.max(0, excitatoryColumns) / columns;
        double muE = model.muExcitatory();
        double muI = model.muInhibitory();
        double a = muE * f + muI * (1 - f);
        double within = columns > 1 ? f * (1 - f) * Math.max(0, columns * m - v - m * m) / (columns - 1) : 0;
        double variance = Math.pow(model.sigma0() * s, 2) * m
                + s * s * (a * a * v + (muE - muI) * (muE - muI) * within);
        return new double[] {s * m * a, variance};
    }

    /** E[mean over posts of the summed recurrent weight onto a post] = m (Ne mu_e + (N-Ne) mu_i) / N s. */
    public double summedInputMean() {
        if (synapses == 0) {
            return 0;
        }
        double s = model.recurrentScale();
        return meanDegree() * (excitatory * model.muExcitatory() + (n - excitatory) * model.muInhibitory())
                / n * s;
    }

    /** The standard deviation of the mean over posts of the summed recurrent weight. */
    public double summedInputStd() {
        if (synapses == 0) {
            return 0;
        }
        double s = model.recurrentScale();
        double difference = model.muExcitatory() - model.muInhibitory();
        double variance = synapses * Math.pow(model.sigma0() * s, 2)
                + s * s * difference * difference * excitatorySynapsesVariance();
        return Math.sqrt(variance) / n;
    }
}
