package org.connectome.stats;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.WeightType;
import org.connectome.output.Manifest;

/**
 * Judges {@link Measurements} against the model of the manifest: exact checks for what the contract fixes
 * (counts, ids, duplicates, autapses), statistical checks for what is random.
 *
 * <p>Tolerances: a mean or a standard deviation passes within {@value #SIGMAS} standard errors of its
 * expectation (a correct connectome fails one such line with probability about 6e-7 under the normal
 * approximation); a minimum and maximum pass within the bounds a correct connectome leaves with probability
 * below {@value #ALPHA} (exact tails of the degree law, union bound over the N neurons).
 * <ul>
 * <li>mean of n values of standard deviation sigma: SE = sigma / sqrt(n);</li>
 * <li>sample standard deviation of n normal values: SE = sigma / sqrt(2 (n - 1));</li>
 * <li>population standard deviation of N counts of variance V and excess kurtosis g:
 *     SE = sqrt(V) sqrt((g + 2) / N) / 2 (the delta method on the sample variance, whose variance is
 *     (mu_4 - V^2) / N; the counts' weak negative correlation only shrinks it).</li>
 * </ul>
 * A floor of 1e-9 relative covers rounding where the law has no spread (sigma_0 = 0, p = 1).
 */
public final class Checks {
    /** Standard errors a statistical check allows. */
    public static final double SIGMAS = 5;
    /** Probability that a correct connectome falls outside a min/max range. */
    public static final double ALPHA = 1e-6;
    private static final String EXACT = "exact";

    private Checks() {
    }

    public static List<Check> evaluate(Manifest manifest, Measurements measured) {
        ConnectomeModel model = manifest.model();
        ConnectomeLaws laws = new ConnectomeLaws(model);
        List<Check> checks = new ArrayList<>();
        long n = model.neurons();

        checks.add(schema(measured.schemas(), manifest.weightType()));
        checks.add(manifestRows(manifest));

        // Recurrent: what the contract fixes.
        Measurements.TableCounts recurrent = measured.recurrent();
        checks.add(exact("recurrent rows (N_syn)", recurrent.rows(), model.synapses()));
        checks.add(exact("recurrent null ids, null/NaN/inf weights", recurrent.invalid(), 0));
        checks.add(exact("recurrent ids outside [0, N)", recurrent.outside(), 0));
        checks.add(exact("duplicate (post, pre)", recurrent.duplicates(), 0));
        if (model.autapses() == AutapsePolicy.ALLOW) {
            checks.add(range("autapses (allow; law of the diagonal)", measured.autapses(),
                    measured.autapses(), laws.autapsesAllowed(), 1));
        } else {
            checks.add(exact("autapses (" + model.autapses().cliName() + ")", measured.autapses(), 0));
        }

        // Degrees.
        double m = laws.meanDegree();
        CountLaw inLaw = laws.inDegree();
        checks.add(degreeMean("in-degree mean (N_syn / N)", measured.inDegree(), model));
        checks.add(within("in-degree std", measured.inDegree().std(), inLaw.standardDeviation(),
                countStdError(inLaw.standardDeviation(), inLaw.excessKurtosis(), n), "5 SE"));
        checks.add(range("in-degree min, max", measured.inDegree().min(), measured.inDegree().max(), inLaw, n));
        double outStd = Math.sqrt(laws.outDegreeVariance());
        checks.add(degreeMean("out-degree mean (N_syn / N)", measured.outDegree(), model));
        checks.add(within("out-degree std", measured.outDegree().std(), outStd,
                countStdError(outStd, laws.outDegreeKurtosis(), n), "5 SE"));
        checks.add(range("out-degree min, max", measured.outDegree().min(), measured.outDegree().max(),
                laws.outDegreeBounds(), n));

        // Populations and weights.
        long fromExcitatory = measured.excitatoryWeights().count();
        checks.add(within("synapses from E neurons (N_syn Ne / N)", fromExcitatory, laws.excitatorySynapsesMean(),
                Math.sqrt(laws.excitatorySynapsesVariance()), "5 SE"));
        double sigma = laws.recurrentWeightStd();
        checks.add(weightMean("recurrent weight mean, pre E (mu_e s)", measured.excitatoryWeights(),
                laws.excitatoryWeightMean(), sigma));
        checks.add(weightStd("recurrent weight std, pre E (sigma0 s)", measured.excitatoryWeights(), sigma));
        checks.add(weightMean("recurrent weight mean, pre I (mu_i s)", measured.inhibitoryWeights(),
                laws.inhibitoryWeightMean(), sigma));
        checks.add(weightStd("recurrent weight std, pre I (sigma0 s)", measured.inhibitoryWeights(), sigma));
        checks.add(within("E/I balance: mean summed input per post", measured.recurrentWeightSum() / n,
                laws.summedInputMean(), laws.summedInputStd(), "5 SE"));

        // Input and output: complete grids of N(0, 1) / sqrt(K).
        checks.addAll(denseTable("input", measured.input(), measured.inputWeights(),
                model.rowCount(EdgeTable.INPUT), model.inputScale()));
        checks.addAll(denseTable("output", measured.output(), measured.outputWeights(),
                model.rowCount(EdgeTable.OUTPUT), model.outputScale()));

        // Neurons.
        Measurements.NeuronCounts neurons = measured.neurons();
        checks.add(exact("neurons rows (N)", neurons.rows(), n));
        long wrong = neurons.outside() + neurons.wrongPopulation() + (neurons.rows() - neurons.distinctIds());
        checks.add(exact("neurons ids and populations wrong", wrong, 0));
        return checks;
    }

    /** {@link #ALPHA} as people write it: 1e-6. */
    public static String alphaText() {
        return "1e" + Math.round(Math.log10(ALPHA));
    }

    /** The columns of SPEC 4 for double weights, as {@code name:type}. */
    public static Map<EdgeTable, String> expectedSchemas() {
        return expectedSchemas(WeightType.DOUBLE);
    }

    /** The columns of SPEC 4 when the recurrent weights are {@code weightType} ({@link WeightType#of}). */
    public static Map<EdgeTable, String> expectedSchemas(WeightType weightType) {
        Map<EdgeTable, String> schemas = new EnumMap<>(EdgeTable.class);
        for (EdgeTable table : EdgeTable.values()) {
            schemas.put(table, table == EdgeTable.NEURONS ? "id:int, population:string"
                    : table.firstColumn() + ":int, " + table.secondColumn() + ":int, weight:"
                            + weightType.of(table).cliName());
        }
        return schemas;
    }

    private static Check schema(Map<EdgeTable, String> schemas, WeightType weightType) {
        Map<EdgeTable, String> expected = expectedSchemas(weightType);
        StringBuilder differences = new StringBuilder();
        for (EdgeTable table : EdgeTable.values()) {
            String found = schemas.get(table);
            if (!expected.get(table).equals(found)) {
                differences.append(differences.length() == 0 ? "" : "; ").append(table.tableName()).append('(')
                        .append(found).append(')');
            }
        }
        boolean ok = differences.length() == 0;
        return new Check("schema (SPEC 4)", ok ? "as specified" : differences.toString(), "as specified", EXACT, ok);
    }

    private static Check manifestRows(Manifest manifest) {
        StringBuilder recorded = new StringBuilder();
        StringBuilder derived = new StringBuilder();
        boolean ok = true;
        for (EdgeTable table : EdgeTable.values()) {
            Long rows = manifest.tableRows().get(table);
            long expected = manifest.model().rowCount(table);
            String separator = recorded.length() == 0 ? "" : "/";
            recorded.append(separator).append(rows == null ? "missing" : rows.toString());
            derived.append(separator).append(expected);
            ok &= rows != null && rows == expected;
        }
        return new Check("connectome.json rows (rec/in/out/neurons)", recorded.toString(), derived.toString(), EXACT,
                ok);
    }

    static Check exact(String name, long measured, long expected) {
        return new Check(name, Long.toString(measured), Long.toString(expected), EXACT, measured == expected);
    }

    private static Check degreeMean(String name, Measurements.Degrees degrees, ConnectomeModel model) {
        boolean ok = degrees.total() == model.synapses() && degrees.neurons() == model.neurons();
        return new Check(name, Check.number(degrees.mean(), 10),
                Check.number((double) model.synapses() / model.neurons(), 10), EXACT, ok);
    }

    /** |measured - expected| <= 5 SE, with a 1e-9 relative floor for laws without spread. */
    static Check within(String name, double measured, double expected, double standardError, String why) {
        double tolerance = SIGMAS * standardError;
        double floor = 1e-9 * Math.max(Math.abs(expected), Math.abs(standardError)) + 1e-300;
        double allowed = Math.max(tolerance, floor);
        boolean ok = Math.abs(measured - expected) <= allowed;
        String label = tolerance >= floor ? "±" + Check.number(tolerance, 3) + " = " + why : "±" + Check.number(
                allowed, 3) + ", rounding";
        return new Check(name, Check.number(measured), Check.number(snap(expected, standardError)), label, ok);
    }

    /**
     * An expectation that is 0 but for rounding prints as 0: with f = 0.8, mu_i = -f / (1 - f) mu_e is
     * -4.000000000000001, and the E/I balance's exact expectation -2.3e-15, a millionth of its standard error.
     */
    private static double snap(double expected, double standardError) {
        return Math.abs(expected) < 1e-6 * standardError ? 0 : expected;
    }

    private static Check range(String name, long min, long max, CountLaw law, long samples) {
        long[] bounds = law.range(samples, ALPHA);
        boolean ok = min >= bounds[0] && max <= bounds[1];
        String measured = min == max && samples == 1 ? Long.toString(min) : min + ", " + max;
        return new Check(name, measured, "within [" + bounds[0] + ", " + bounds[1] + "]",
                "P(outside) < " + alphaText(), ok);
    }

    /** SE of the population std of N counts with std sigma and excess kurtosis g: sigma sqrt((g+2)/N) / 2. */
    static double countStdError(double sigma, double kurtosis, long samples) {
        return sigma * Math.sqrt(Math.max(0, kurtosis + 2) / samples) / 2;
    }

    private static Check weightMean(String name, Measurements.Moments moments, double expected, double sigma) {
        if (moments.count() == 0) {
            return new Check(name, "no rows", Double.isFinite(expected) ? Check.number(expected) : "n/a", "n/a", true);
        }
        return within(name, moments.mean(), expected, sigma / Math.sqrt(moments.count()), "5 SE");
    }

    private static Check weightStd(String name, Measurements.Moments moments, double sigma) {
        if (moments.count() < 2) {
            return new Check(name, moments.count() + " rows", Double.isFinite(sigma) ? Check.number(sigma) : "n/a",
                    "n/a", true);
        }
        return within(name, moments.std(), sigma, sigma / Math.sqrt(2.0 * (moments.count() - 1)), "5 SE");
    }

    private static List<Check> denseTable(String table, Measurements.TableCounts counts, Measurements.Moments weights,
            long expectedRows, double scale) {
        List<Check> checks = new ArrayList<>();
        checks.add(exact(table + " rows", counts.rows(), expectedRows));
        checks.add(exact(table + " null, outside or duplicate cells",
                counts.invalid() + counts.outside() + counts.duplicates(), 0));
        checks.add(weightMean(table + " weight mean (0)", weights, 0, scale));
        checks.add(weightStd(table + " weight std (1 / sqrt(" + (table.equals("input") ? "N_input" : "N_output")
                + "))", weights, scale));
        return checks;
    }
}
