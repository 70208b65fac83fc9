package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.Topology;
import org.connectome.output.Manifest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tolerances of {@code stats} on real connectomes of many seeds, measured straight from the kernel
 * (no Spark; {@code StatsSparkTest} shows Spark measures the written tables identically): loose enough that
 * 20 seeds of every policy pass every check, tight enough that a model off by a few percent fails.
 */
class StatsToleranceTest {
    private static final int SEEDS = 20;

    private static List<Check> judge(Measurements measured, ConnectomeModel model) {
        Map<EdgeTable, Long> rows = new java.util.EnumMap<>(EdgeTable.class);
        for (EdgeTable table : EdgeTable.values()) {
            rows.put(table, model.rowCount(table));
        }
        return Checks.evaluate(new Manifest(model, rows, Map.of()), measured);
    }

    private static List<String> failed(List<Check> checks) {
        List<String> failed = new ArrayList<>();
        for (Check check : checks) {
            if (!check.passed()) {
                failed.add(check.line());
            }
        }
        return failed;
    }

    @ParameterizedTest(name = "N = {0}, p = {1}, f = {2}, sigma0 = {3}")
    @CsvSource({"2000, 0.05, 0.8, 1.0", "500, 0.05, 0.8, 1.0", "300, 0.3, 0.5, 0.5", "1000, 0.01, 0.9, 2.0"})
    void twentySeedsOfEachPolicyPassEveryCheck(int neurons, double p, double f, double sigma0) {
        for (AutapsePolicy policy : AutapsePolicy.values()) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                ConnectomeModel model = ConnectomeModel.withProbability(neurons, p, f, 1.0, sigma0, 3, 2, policy,
                        Topology.RANDOM, seed);
                List<Check> checks = judge(KernelMeasurements.of(model), model);
                assertEquals(29, checks.size());
                assertEquals(List.of(), failed(checks), policy.cliName() + " seed " + seed);
            }
        }
    }

    /** Models at the edges of the parameter space: no synapses, all synapses, one population, no spread. */
    @ParameterizedTest(name = "N = {0}, p = {1}, f = {2}, sigma0 = {3}, {4}, inputs {5}")
    @CsvSource({"1000, 0.0, 0.8, 1.0, REPAIR, 3", "1, 0.0, 0.8, 1.0, EXCLUDE, 1", "1, 1.0, 0.8, 1.0, ALLOW, 1",
        "60, 1.0, 0.8, 1.0, ALLOW, 2", "300, 0.1, 0.0, 1.0, REPAIR, 0", "300, 0.1, 1.0, 1.0, EXCLUDE, 1",
        "300, 0.1, 0.8, 0.0, REPAIR, 1", "5, 0.5, 0.6, 1.0, EXCLUDE, 1"})
    void edgeCasesPassEveryCheck(int neurons, double p, double f, double sigma0, AutapsePolicy policy, int inputs) {
        for (long seed = 1; seed <= 5; seed++) {
            ConnectomeModel model = ConnectomeModel.withProbability(neurons, p, f, 1.0, sigma0, inputs, 1, policy,
                    Topology.RANDOM, seed);
            List<Check> checks = judge(KernelMeasurements.of(model), model);
            assertEquals(List.of(), failed(checks), "seed " + seed);
            for (Check check : checks) {
                String values = check.measured() + " " + check.expected() + " " + check.tolerance();
                assertTrue(!values.contains("NaN") && !values.contains("Infinity"), check.line());
            }
        }
    }

    /**
     * The same connectomes judged against a slightly different model: each small departure (a few percent of
     * a parameter) fails on every seed. These are the corruptions a bug in the generator would cause.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"mu_e 5% higher | recurrent weight mean, pre E (mu_e s)",
        "sigma0 5% higher | recurrent weight std, pre E (sigma0 s)",
        "exc-fraction 0.82 | synapses from E neurons (N_syn Ne / N)",
        "autapses allow | autapses (allow; law of the diagonal)",
        "one synapse more | recurrent rows (N_syn)"})
    void smallDeparturesFailOnEverySeed(String departure, String failingCheck) {
        for (long seed = 1; seed <= SEEDS; seed++) {
            ConnectomeModel model = ConnectomeModel.withProbability(2000, 0.05, 0.8, 1.0, 1.0, 3, 2,
                    AutapsePolicy.REPAIR, Topology.RANDOM, seed);
            ConnectomeModel judgedBy = switch (departure) {
                case "mu_e 5% higher" -> new ConnectomeModel(2000, model.synapses(), 0.05, 0.8, 1.05, 1.0, 3, 2,
                        AutapsePolicy.REPAIR, Topology.RANDOM, seed);
                case "sigma0 5% higher" -> new ConnectomeModel(2000, model.synapses(), 0.05, 0.8, 1.0, 1.05, 3, 2,
                        AutapsePolicy.REPAIR, Topology.RANDOM, seed);
                case "exc-fraction 0.82" -> new ConnectomeModel(2000, model.synapses(), 0.05, 0.82, 1.0, 1.0, 3, 2,
                        AutapsePolicy.REPAIR, Topology.RANDOM, seed);
                case "autapses allow" -> new ConnectomeModel(2000, model.synapses(), 0.05, 0.8, 1.0, 1.0, 3, 2,
                        AutapsePolicy.ALLOW, Topology.RANDOM, seed);
                default -> new ConnectomeModel(2000, model.synapses() + 1, 0.05, 0.8, 1.0, 1.0, 3, 2,
                        AutapsePolicy.REPAIR, Topology.RANDOM, seed);
            };
            List<Check> checks = judge(KernelMeasurements.of(model), judgedBy);
            assertTrue(checks.stream().anyMatch(check -> check.name().equals(failingCheck) && !check.passed()),
                    departure + ", seed " + seed + ": " + failingCheck + " passed:\n" + String.join("\n",
                            checks.stream().map(Check::line).toList()));
        }
    }
}
