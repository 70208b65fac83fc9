package org.connectome.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Parsing network specs (SPEC 7): populations, projections, defaults, and every bad input as one clear line. */
class NetworkSpecTest {
    private static final String POPULATIONS = "populations: [{name: E, size: 8, kind: excitatory},"
            + " {name: I, size: 2, kind: inhibitory}]\n";
    private static final String WEIGHT = "weight: {distribution: constant, value: 1}";

    private static Network yaml(String text) {
        return NetworkSpec.parse("net.yaml", text, true);
    }

    private static void bad(String text, String path, String problem) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> yaml(text));
        String message = e.getMessage();
        assertTrue(message.startsWith("net.yaml: " + path + ": "), message);
        assertTrue(message.contains(problem), message);
        assertTrue(!message.contains("\n"), "one line: " + message);
    }

    @Test
    void populationsAreContiguousRangesInFileOrder() {
        Network network = yaml(POPULATIONS + "projections: [{source: E, target: all, rule: fixed_indegree,"
                + " indegree: 3, " + WEIGHT + "}]");
        assertEquals(10, network.neurons());
        assertEquals(0, network.populations().get(0).first());
        assertEquals(8, network.populations().get(1).first());
        assertEquals("I", network.populationOf(9).name());
        Projection projection = network.projections().get(0);
        assertEquals(AutapsePolicy.ALLOW, projection.autapses(), "NEST's default");
        assertTrue(projection.multapses(), "NEST's default");
        assertEquals(30, network.synapses(projection, 1));
        assertTrue(!network.hasDelays());
    }

    @Test
    void jsonSpecsParseLikeYaml() {
        Network network = NetworkSpec.parse("net.json", "{\"populations\": [{\"name\": \"A\", \"size\": 4}],"
                + " \"projections\": [{\"source\": \"A\", \"target\": \"A\", \"rule\": \"fixed_total_number\","
                + " \"p\": 0.5, \"weight\": {\"distribution\": \"normal\", \"mean\": 1, \"std\": 0.1},"
                + " \"delay\": {\"distribution\": \"constant\", \"value\": 1}}]}", false);
        assertEquals(8, network.synapses(network.projections().get(0), 3));
        assertTrue(network.hasDelays());
    }

    @Test
    void presetsLoad() {
        for (String preset : NetworkSpec.PRESETS) {
            Network network = NetworkSpec.load(preset);
            assertEquals(preset, network.name());
        }
    }

    @Test
    void badInputIsOneLineNamingTheFileAndTheKey() {
        String projection = "projections: [{source: E, target: all, rule: fixed_indegree, indegree: 3, " + WEIGHT;
        bad(POPULATIONS + projection + ", colour: red}]", "projections[0].colour", "unknown key");
        bad("populations: [{name: E, size: 8}, {name: E, size: 2}]", "populations[1].name", "defined twice");
        bad("populations: [{name: E, size: 0}]", "populations[0].size", "at least 1");
        bad("populations: [{name: A, size: 2000000000}, {name: B, size: 2000000000}]", "populations[1].size",
                "2^31 - 1");
        bad(POPULATIONS + "projections: [{source: X, target: all, rule: fixed_indegree, indegree: 3, " + WEIGHT
                + "}]", "projections[0].source", "unknown population");
        bad(POPULATIONS + "projections: [{source: E, target: I, rule: pairwise_bernoulli, p: 1.5, " + WEIGHT
                + "}]", "projections[0].p", "within [0, 1]");
        bad(POPULATIONS + "projections: [{source: I, target: E, rule: fixed_indegree, indegree: 3,"
                + " multapses: false, " + WEIGHT + "}]", "projections[0].indegree", "exceeds the 2 sources");
        bad(POPULATIONS + "projections: [{source: E, target: E, rule: fixed_total_number, synapses: 60,"
                + " autapses: exclude, multapses: false, " + WEIGHT + "}]", "projections[0].synapses",
                "exceed the 56 cells");
        bad(POPULATIONS + "projections: [{source: E, target: E, rule: fixed_total_number, synapses: 6,"
                + " weight: {distribution: normal, mean: 1}}]", "projections[0].weight.std", "is required");
        bad(POPULATIONS + "projections: [{source: E, target: E, rule: fixed_total_number, synapses: 6,"
                + " weight: {distribution: lognormal, mean: -1, std: 1}}]", "projections[0].weight.mean",
                "must be positive");
        bad(POPULATIONS + "projections: [{source: I, target: E, rule: fixed_total_number, synapses: 6,"
                + " weight: {distribution: normal, mean: 1, std: 0.1, dale: true}}]",
                "projections[0].weight.dale", "rarer than 1 in 10^6");
        bad(POPULATIONS + "projections: [{source: E, target: E, rule: fixed_total_number, synapses: 6,"
                + " weight: {distribution: gamma, mean: 1}}]", "projections[0].weight.distribution",
                "unknown distribution");
        bad(POPULATIONS + "projections: [{source: E, target: E, rule: all_to_all, " + WEIGHT + "}]",
                "projections[0].rule", "unknown rule");
        bad(POPULATIONS + "projections: [{source: E, target: E, rule: fixed_indegree, indegree: 2, p: 0.1, "
                + WEIGHT + "}]", "projections[0].p", "not a parameter of fixed_indegree");
        bad(POPULATIONS + "projections: [{source: E, target: E, rule: fixed_indegree, indegree: 2, " + WEIGHT
                + ", delay: {distribution: constant, value: 1}}, {source: I, target: E, rule: fixed_indegree,"
                + " indegree: 1, " + WEIGHT + "}]", "projections[1].delay", "every projection has a delay");
        bad("populations: [{name: E, size: 8}]\nextra: 1", "extra", "unknown key");
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> NetworkSpec.load("/no/such/spec.yaml"));
        assertTrue(e.getMessage().contains("neither a preset"), e.getMessage());
    }
}
