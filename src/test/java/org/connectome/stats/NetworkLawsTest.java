package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.connectome.kernel.EdgeStream;
import org.connectome.kernel.Slice;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.Network;
import org.connectome.model.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The statistical checks of a network's {@code stats} ({@link ProjectionLaws}, measured by {@link NetworkRun} as
 * {@code stats} measures files), fed the kernel's rows without Spark. Each law: a correct connectome (fixed seeds)
 * passes every check, and a deliberately broken one (rows generated from another spec: a wrong p, K drawn with
 * replacement, a wrong std, delays a step late, ...) fails the law's line, judged against the right spec. A line
 * fails when its chi-square p-value is below {@link Checks#ALPHA} = 1e-6, so a correct connectome fails one with
 * probability about 1e-6; the broken ones here give p-values below 1e-20.
 */
class NetworkLawsTest {
    private static final String POPULATIONS = "populations: [{name: A, size: 1500}, {name: B, size: 600, kind:"
            + " inhibitory}]\n";

    /** The checks of the rows of {@code generated} under {@code seed}, judged against {@code claimed}. */
    static List<Check> checks(String claimed, String generated, long seed) {
        Network claim = NetworkSpec.parse("claimed.yaml", claimed, true);
        Network made = NetworkSpec.parse("generated.yaml", generated, true);
        ConnectomeModel model = ConnectomeModel.ofNetwork(claim, seed);
        ConnectomeModel source = ConnectomeModel.ofNetwork(made, seed);
        RunSettings settings = RunSettings.ofNetwork(model);
        RecurrentRun run = new RecurrentRun(settings);
        EdgeStream edges = new Slice(0, Slice.units(source, EdgeTable.RECURRENT)).edges(source, EdgeTable.RECURRENT);
        int chunk = 1 << 14;
        int[] post = new int[chunk];
        int[] pre = new int[chunk];
        double[] weight = new double[chunk];
        double[] delay = new double[chunk];
        for (int got = edges.fill(post, pre, weight, delay, chunk); got > 0;
                got = edges.fill(post, pre, weight, delay, chunk)) {
            for (int i = 0; i < got; i++) {
                run.add(post[i], pre[i], weight[i], false, edges.hasDelay() ? delay[i] : Double.NaN);
            }
        }
        RecurrentAggregates aggregates = RecurrentAggregates.of(settings, List.of(run.finish()));
        NetworkChecks.Measured measured = new NetworkChecks.Measured(new RecurrentScan.Result(aggregates, true,
                edges.hasDelay()),
                NetworkChecks.projections(claim, aggregates, null, null), model.neurons(), 0);
        return NetworkChecks.check(model, measured);
    }

    static List<Check> checks(String spec, long seed) {
        return checks(spec, spec, seed);
    }

    private static void assertAllPass(List<Check> checks) {
        List<Check> failed = checks.stream().filter(c -> !c.passed()).toList();
        assertTrue(failed.isEmpty(), failed.stream().map(Check::line).collect(Collectors.joining("\n")));
    }

    /** The line whose name ends with {@code suffix} (one of them) exists and fails. */
    private static void assertFails(List<Check> checks, String suffix) {
        List<Check> lines = checks.stream().filter(c -> c.name().endsWith(suffix)).toList();
        assertFalse(lines.isEmpty(), "no line ending '" + suffix + "' among\n" + lines(checks));
        assertTrue(lines.stream().anyMatch(c -> !c.passed()), "should fail:\n" + lines(lines));
        for (Check line : lines) {
            if (!line.passed() && line.tolerance().startsWith("p >=")) {
                assertTrue(line.measured().contains("p = 0") || line.measured().matches(".*p = [0-9.]+E-.*"),
                        line.line());
            }
        }
    }

    private static String lines(List<Check> checks) {
        return checks.stream().map(Check::line).collect(Collectors.joining("\n"));
    }

    private static String projection(String rule, String extra) {
        return POPULATIONS + "projections: [{source: all, target: all, rule: " + rule + ", " + extra
                + ", weight: {distribution: constant, value: 1}}]\n";
    }

    /** Every rule and autapse policy, with both populations on both sides: all checks pass. */
    @ParameterizedTest
    @ValueSource(strings = {"pairwise_bernoulli, p: 0.04, autapses: exclude",
        "pairwise_bernoulli, p: 0.04, autapses: repair", "pairwise_bernoulli, p: 0.04, autapses: allow",
        "fixed_total_number, synapses: 90000, multapses: true, autapses: allow",
        "fixed_total_number, synapses: 90000, multapses: true, autapses: exclude",
        "fixed_total_number, synapses: 90000, multapses: true, autapses: repair",
        "fixed_total_number, synapses: 90000, multapses: false, autapses: repair",
        "fixed_total_number, synapses: 90000, multapses: false, autapses: exclude",
        "fixed_indegree, indegree: 50, multapses: false, autapses: exclude",
        "fixed_indegree, indegree: 50, multapses: true, autapses: allow",
        "fixed_indegree, indegree: 50, multapses: true, autapses: repair",
        "fixed_outdegree, outdegree: 50, multapses: false, autapses: exclude",
        "fixed_outdegree, outdegree: 50, multapses: true, autapses: allow"})
    void everyRuleAndPolicyPasses(String rule) {
        String[] parts = rule.split(", ", 2);
        List<Check> checks = checks(projection(parts[0], parts[1]), 41);
        assertAllPass(checks);
        assertTrue(checks.stream().anyMatch(c -> c.name().endsWith("out-degree law")
                || c.name().endsWith("in-degree law")), lines(checks));
    }

    /** Projections between parts of the populations (sources and targets that differ or overlap in part). */
    @Test
    void projectionsBetweenPopulationsPass() {
        String spec = "populations: [{name: A, size: 1200}, {name: B, size: 400, kind: inhibitory}, {name: C,"
                + " size: 700}]\n"
                + "projections:\n"
                + "  - {source: [A, C], target: [A, B], rule: pairwise_bernoulli, p: 0.03, autapses: repair,\n"
                + "     weight: {A: {distribution: normal, mean: 0.2, std: 0.1, dale: true},"
                + " C: {distribution: lognormal, mean: 0.3, std: 0.2, max: 1}}}\n"
                + "  - {source: B, target: [B, C], rule: fixed_indegree, indegree: 30, autapses: exclude,"
                + " multapses: false,\n     weight: {distribution: uniform, min: -0.5, max: -0.1}}\n"
                + "  - {source: A, target: C, rule: fixed_outdegree, outdegree: 20, multapses: false,\n"
                + "     weight: {distribution: normal, mean: 0.0, std: 0.3, min: -0.2, max: 0.5}}\n";
        List<Check> checks = checks(spec, 42);
        assertAllPass(checks);
        assertEquals(3, checks.stream().filter(c -> c.name().endsWith("in-degree law")
                || c.name().endsWith("in-degree of every target")).count(), lines(checks));
    }

    @Test
    void aWrongPFailsTheDegreeLaws() {
        List<Check> checks = checks(projection("pairwise_bernoulli", "p: 0.04, autapses: exclude"),
                projection("pairwise_bernoulli", "p: 0.043, autapses: exclude"), 43);
        assertFails(checks, "in-degree law");
        assertFails(checks, "out-degree law");
    }

    @Test
    void evenDegreesFailTheMultinomialLaw() {
        // 90,000 synapses as 2100 targets x ~42.86 would be; fixed_indegree 43 gives 90,300 in exactly even rows.
        List<Check> checks = checks(projection("fixed_total_number", "synapses: 90300, multapses: true"),
                projection("fixed_indegree", "indegree: 43, multapses: true"), 44);
        assertFails(checks, "in-degree law");
        // And exactly even out-degrees (fixed_outdegree 43 of the 2100 sources) fail its out-degree law.
        assertFails(checks(projection("fixed_total_number", "synapses: 90300, multapses: true"),
                projection("fixed_outdegree", "outdegree: 43, multapses: true"), 44), "out-degree law");
    }

    @Test
    void drawingWithReplacementFailsTheOutDegreeLawOfFixedIndegree() {
        List<Check> checks = checks(projection("fixed_indegree", "indegree: 1000, multapses: false"),
                projection("fixed_indegree", "indegree: 1000, multapses: true"), 45);
        assertFails(checks, "out-degree law");
    }

    @Test
    void drawingWithReplacementFailsTheInDegreeLawOfFixedOutdegree() {
        List<Check> checks = checks(projection("fixed_outdegree", "outdegree: 1000, multapses: false"),
                projection("fixed_outdegree", "outdegree: 1000, multapses: true"), 46);
        assertFails(checks, "in-degree law");
    }

    @Test
    void aWrongKFailsTheExactDegrees() {
        assertFails(checks(projection("fixed_outdegree", "outdegree: 30"), projection("fixed_outdegree",
                "outdegree: 31"), 47), "out-degree of every source");
        assertFails(checks(projection("fixed_indegree", "indegree: 30"), projection("fixed_indegree",
                "indegree: 31"), 47), "in-degree of every target");
    }

    private static String weighted(String weight, String delay) {
        return POPULATIONS + "projections: [{source: all, target: all, rule: fixed_indegree, indegree: 100,"
                + " weight: " + weight + (delay == null ? "" : ", delay: " + delay) + "}]\n";
    }

    @Test
    void weightLawsPassAndAWrongParameterFails() {
        String[][] cases = {
            {"{distribution: normal, mean: 0.1, std: 0.1}", "{distribution: normal, mean: 0.1, std: 0.103}"},
            {"{distribution: lognormal, mean: 0.5, std: 0.3}", "{distribution: lognormal, mean: 0.5, std: 0.31}"},
            {"{distribution: uniform, min: 0.2, max: 0.6}", "{distribution: uniform, min: 0.2, max: 0.595}"},
            // Truncated by bounds (redrawn): a third of the normal's mass is cut away, and the cut law is tested.
            {"{distribution: normal, mean: 0.0, std: 0.3, min: -0.2, max: 0.5}",
                "{distribution: normal, mean: 0.0, std: 0.3, min: -0.2, max: 0.48}"},
            // Dale's law: E's weights are redrawn to >= 0 (31 % of the draws), I's to <= 0.
            {"{distribution: normal, mean: 0.05, std: 0.1, dale: true}",
                "{distribution: normal, mean: 0.056, std: 0.1, dale: true}"},
        };
        for (String[] c : cases) {
            assertAllPass(checks(weighted(c[0], null), 48));
            List<Check> broken = checks(weighted(c[0], null), weighted(c[1], null), 48);
            assertFails(broken, "weights from A");
        }
        assertAllPass(checks(weighted("{distribution: constant, value: 0.25}", null), 48));
        assertFails(checks(weighted("{distribution: constant, value: 0.25}", null),
                weighted("{distribution: constant, value: 0.2501}", null), 48), "weights from B (constant 0.25)");
    }

    @Test
    void delayLawsPassAndADelayAStepLateFails() {
        String weight = "{distribution: constant, value: 1}";
        String[][] cases = {
            {"{distribution: normal, mean: 1.5, std: 0.5}", "{distribution: normal, mean: 1.6, std: 0.5}"},
            // Rounded to the grid, and redrawn until the rounded value is at least the resolution.
            {"{distribution: normal, mean: 0.3, std: 0.4}", "{distribution: normal, mean: 0.4, std: 0.4}"},
            // The end steps of a uniform law get half the others' probability.
            {"{distribution: uniform, min: 0.5, max: 1.5}", "{distribution: uniform, min: 0.6, max: 1.6}"},
            {"{distribution: lognormal, mean: 2.0, std: 1.0, max: 4}",
                "{distribution: lognormal, mean: 2.1, std: 1.0, max: 4.1}"},
        };
        for (String[] c : cases) {
            assertAllPass(checks(weighted(weight, c[0]), 49));
            assertFails(checks(weighted(weight, c[0]), weighted(weight, c[1]), 49), "delays");
        }
        assertAllPass(checks(weighted(weight, "{distribution: constant, value: 1.5}"), 49));
    }

    /** The in-order read's per-projection counts equal the rows' own (an independent count over all rows). */
    @Test
    void theReadCountsWhatTheRowsHold() {
        String spec = projection("pairwise_bernoulli", "p: 0.02, autapses: exclude");
        List<Check> checks = checks(spec, 50);
        Map<String, String> measured = checks.stream().collect(Collectors.toMap(Check::name, Check::measured));
        long synapses = ConnectomeModel.ofNetwork(NetworkSpec.parse("x.yaml", spec, true), 50).synapses();
        assertEquals(Long.toString(synapses), measured.get("recurrent rows (sum of the projections)"));
        assertTrue(measured.values().stream().anyMatch(v -> v.endsWith("(n = 2100)")), measured.toString());
    }
}
