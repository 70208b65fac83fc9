package org.connectome.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.connectome.random.KeyedRandom;
import org.connectome.random.RandomStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link ConnectomeModel} and {@link ModelOptions}: the derived values exactly as the reference computes them
 * (Python's {@code round(N**2 * p)}, half to even, of the double product; {@code int(N * f)}; mu_i with its special
 * cases; the scales), {@code --synapses}, every invalid input of SPEC 6 that the model checks, and the options
 * round trip. The expected values marked "Python" were computed with CPython 3 from the reference's expressions.
 */
class ModelTest {

    static ConnectomeModel withP(long n, double p) {
        return ConnectomeModel.withProbability(n, p, 0.8, 1.0, 1.0, 1, 1, AutapsePolicy.ALLOW, Topology.RANDOM, 1);
    }

    /**
     * {@link Distribution#fill} is {@link Distribution#sample} repeated, number for number, for every law, bounded
     * or not (Dale's bound at 0 of a normal of mean 0.1 and std 0.1 redraws about one draw in six): rows drawn a
     * run at a time are the rows drawn one at a time.
     */
    @Test
    void fillIsSampleRepeated() {
        Distribution[] laws = {Distribution.normal(0.1, 0.1), Distribution.normal(0.1, 0.1).bounded(0, 1e9),
            Distribution.normal(-0.4, 0.2).bounded(Double.NEGATIVE_INFINITY, 0), Distribution.lognormal(1.5, 0.5),
            Distribution.lognormal(1.5, 0.5).bounded(0.1, 2), Distribution.uniform(-1, 3).bounded(0, 2),
            Distribution.constant(0.25)};
        for (int l = 0; l < laws.length; l++) {
            KeyedRandom one = new KeyedRandom(5, RandomStream.RECURRENT_WEIGHT).reset(l);
            KeyedRandom run = new KeyedRandom(5, RandomStream.RECURRENT_WEIGHT).reset(l);
            double[] filled = new double[10_003];
            laws[l].fill(run, filled, 3, filled.length);
            for (int i = 3; i < filled.length; i++) {
                assertEquals(laws[l].sample(one), filled[i], 0.0, "law " + laws[l] + ", value " + i);
            }
            assertEquals(one.nextLong(), run.nextLong(), "law " + laws[l] + ": the streams end apart");
        }
    }

    @Test
    void synapseCountIsPythonsRoundOfTheDoubleProduct() {
        Object[][] python = {
            // N, p, round(N**2 * p) in Python
            {10L, 0.125, 12L},     // 12.5 -> 12 (half to even)
            {10L, 0.135, 14L},     // the double product is 13.5 -> 14
            {10L, 0.375, 38L},     // 37.5 -> 38
            {10L, 0.145, 14L},     // 14.499999999999998
            {10L, 0.165, 16L},     // 16.5 -> 16
            {2L, 0.625, 2L},       // 2.5 -> 2
            {2L, 0.875, 4L},       // 3.5 -> 4
            {7L, 0.5, 24L},        // 24.5 -> 24
            {3L, 0.5, 4L},         // 4.5 -> 4
            {100L, 0.00125, 12L},  // 12.5 -> 12
            {1000L, 1.25e-05, 12L},
            {100_000L, 0.01, 100_000_000L},
            {46_341L, 0.7, 1_503_241_797L},                   // 1503241796.6999998
            {2_147_483_647L, 0.5, 2_305_843_007_066_210_304L}, // N^2 rounded to a double first, as in Python
            {2_147_483_647L, 0.3, 1_383_505_804_239_726_080L},
            {5L, 0.0, 0L},
            {5L, 1.0, 25L},
        };
        for (Object[] c : python) {
            long n = (long) c[0];
            double p = (double) c[1];
            ConnectomeModel model = withP(n, p);
            assertEquals((long) c[2], model.synapses(), "N " + n + ", p " + p);
            assertEquals(p, model.connectionProbability());
        }
        // Any (N, p): BigDecimal's half-even rounding of the exact value of the double product, including
        // p = (j + 1/2) / N^2, where the product is a tie whenever it is exact.
        SplittableRandom random = new SplittableRandom(51);
        for (int i = 0; i < 20_000; i++) {
            long n = 1 + random.nextLong(i % 2 == 0 ? 100 : 3_000_000);
            double p = i % 3 == 0 ? (random.nextLong(n * n) + 0.5) / ((double) n * n) : random.nextDouble();
            double product = (double) (n * n) * p;
            long expected = new BigDecimal(product).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
            assertEquals(expected, withP(n, p).synapses(), "N " + n + ", p " + p + ", N^2 p = " + product);
        }
    }

    @Test
    void excitatoryNeuronsAreTheTruncatedDoubleProduct() {
        Object[][] python = {
            // N, f, int(N * f) in Python
            {10, 0.3, 3},      // 3.0000000000000004
            {7, 0.29, 2},      // 2.03
            {100, 0.29, 28},   // 28.999999999999996
            {100, 0.57, 56},   // 56.99999999999999
            {10, 0.7, 7},      // 7.000000000000001
            {1000, 0.57, 570},
            {49, 1.0 / 7, 7},
            {3, 0.1 * 3, 0},   // 0.9000000000000001
            {5, 0.0, 0},
            {5, 1.0, 5},
        };
        for (Object[] c : python) {
            ConnectomeModel model = ConnectomeModel.withProbability((int) c[0], 0.1, (double) c[1], 1, 1, 1, 1,
                    AutapsePolicy.REPAIR, Topology.RANDOM, 1);
            assertEquals((int) c[2], model.excitatoryNeurons(), "N " + c[0] + ", f " + c[1]);
        }
    }

    @Test
    void inhibitoryMeanAndScales() {
        double muE = 0.7;
        assertEquals(-muE, model(0.0, muE).muInhibitory(), 0.0, "f = 0: mu_i = -mu_e");
        assertEquals(0.0, model(1.0, muE).muInhibitory(), 0.0, "f = 1: mu_i = 0");
        for (double f : new double[] {0.1, 0.5, 0.8, 0.999}) {
            assertEquals(-f / (1 - f) * muE, model(f, muE).muInhibitory(), 0.0, "f = " + f);
        }
        ConnectomeModel model = ConnectomeModel.withProbability(2000, 0.1, 0.8, muE, 1.3, 50, 7,
                AutapsePolicy.REPAIR, Topology.RANDOM, 1);
        assertEquals(1 / Math.sqrt(2000 * 0.1), model.recurrentScale(), 0.0);
        assertEquals(1 / Math.sqrt(50), model.inputScale(), 0.0);
        assertEquals(1 / Math.sqrt(7), model.outputScale(), 0.0);
        assertEquals(400_000, model.rowCount(EdgeTable.RECURRENT));
        assertEquals(2000L * 50, model.rowCount(EdgeTable.INPUT));
        assertEquals(7L * 2000, model.rowCount(EdgeTable.OUTPUT));
        assertEquals(2000, model.rowCount(EdgeTable.NEURONS));
    }

    private static ConnectomeModel model(double f, double muE) {
        return ConnectomeModel.withProbability(100, 0.1, f, muE, 1, 1, 1, AutapsePolicy.REPAIR, Topology.RANDOM, 1);
    }

    @Test
    void synapsesOptionGivesTheCountAndPEqualToItOverNSquared() {
        ConnectomeModel model = ConnectomeModel.withSynapseCount(1000, 12_345, 0.8, 1, 1, 1, 1,
                AutapsePolicy.REPAIR, Topology.RANDOM, 1);
        assertEquals(12_345, model.synapses());
        assertEquals(12_345 / 1e6, model.connectionProbability(), 0.0);
        assertEquals(1 / Math.sqrt(1000 * (12_345 / 1e6)), model.recurrentScale(), 0.0);
        // The largest counts each policy allows.
        assertEquals(90, ConnectomeModel.withSynapseCount(10, 90, 0.8, 1, 1, 1, 1, AutapsePolicy.REPAIR,
                Topology.RANDOM, 1).synapses());
        assertEquals(100, ConnectomeModel.withSynapseCount(10, 100, 0.8, 1, 1, 1, 1, AutapsePolicy.ALLOW,
                Topology.RANDOM, 1).connectionProbability() * 100, 0.0);
        // A count beyond 2^53 keeps its exact value.
        long big = (1L << 53) + 1;
        assertEquals(big, ConnectomeModel.withSynapseCount(Integer.MAX_VALUE, big, 0.8, 1, 1, 1, 1,
                AutapsePolicy.REPAIR, Topology.RANDOM, 1).synapses());
    }

    /** Every invalid input of SPEC 6 that the model checks: an InvalidParameterException naming the option. */
    @Test
    void invalidInputsAreRejectedNamingTheOption() {
        AutapsePolicy repair = AutapsePolicy.REPAIR;
        Topology random = Topology.RANDOM;
        // N < 1, and N too large for 32-bit ids.
        for (long n : new long[] {0, -1, Integer.MAX_VALUE + 1L, Long.MAX_VALUE}) {
            assertRejected("--neurons", () -> ConnectomeModel.withProbability(n, 0.1, 0.8, 1, 1, 1, 1, repair,
                    random, 1));
            assertRejected("--neurons", () -> ConnectomeModel.withSynapseCount(n, 0, 0.8, 1, 1, 1, 1, repair,
                    random, 1));
        }
        assertRejected("--neurons", () -> new ConnectomeModel(0, 0, 0, 0.8, 1, 1, 1, 1, repair, random, 1));
        // p outside [0, 1].
        for (double p : new double[] {-0.1, -0.0 - Double.MIN_VALUE, 1.0000001, Double.NaN,
            Double.POSITIVE_INFINITY}) {
            assertRejected("--p", () -> ConnectomeModel.withProbability(10, p, 0.8, 1, 1, 1, 1, repair, random, 1));
        }
        // f outside [0, 1].
        for (double f : new double[] {-0.1, 1.1, Double.NaN}) {
            assertRejected("--exc-fraction", () -> ConnectomeModel.withProbability(10, 0.1, f, 1, 1, 1, 1, repair,
                    random, 1));
        }
        // sigma_0 < 0; non-finite sigma_0 and mu_e.
        for (double sigma : new double[] {-1e-9, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertRejected("--sigma0", () -> ConnectomeModel.withProbability(10, 0.1, 0.8, 1, sigma, 1, 1, repair,
                    random, 1));
        }
        for (double muE : new double[] {Double.NaN, Double.NEGATIVE_INFINITY}) {
            assertRejected("--mu-e", () -> ConnectomeModel.withProbability(10, 0.1, 0.8, muE, 1, 1, 1, repair,
                    random, 1));
        }
        // N_input < 0, N_output < 0 (and above the 32-bit id range).
        for (long k : new long[] {-1, Integer.MAX_VALUE + 1L}) {
            assertRejected("--inputs", () -> ConnectomeModel.withProbability(10, 0.1, 0.8, 1, 1, k, 1, repair,
                    random, 1));
            assertRejected("--outputs", () -> ConnectomeModel.withProbability(10, 0.1, 0.8, 1, 1, 1, k, repair,
                    random, 1));
        }
        assertRejected("--synapses", () -> ConnectomeModel.withSynapseCount(10, -1, 0.8, 1, 1, 1, 1, repair,
                random, 1));
        // N_syn too large for the autapse policy, from a count or from p.
        assertRejected("N(N-1) = 90", () -> ConnectomeModel.withSynapseCount(10, 91, 0.8, 1, 1, 1, 1, repair,
                random, 1));
        assertRejected("--autapses allow", () -> ConnectomeModel.withSynapseCount(10, 91, 0.8, 1, 1, 1, 1,
                AutapsePolicy.EXCLUDE, random, 1));
        assertRejected("N(N-1) = 90", () -> ConnectomeModel.withProbability(10, 0.95, 0.8, 1, 1, 1, 1,
                AutapsePolicy.EXCLUDE, random, 1));
        assertRejected("N^2 = 100", () -> ConnectomeModel.withSynapseCount(10, 101, 0.8, 1, 1, 1, 1,
                AutapsePolicy.ALLOW, random, 1));
        assertRejected("N(N-1) = 0", () -> ConnectomeModel.withProbability(1, 1.0, 0.8, 1, 1, 1, 1, repair,
                random, 1));
        // Unknown topology and autapse policy; missing, both-absent and malformed options.
        assertRejected("topology", () -> Topology.parse("smallworld"));
        assertRejected("autapse", () -> AutapsePolicy.parse("never"));
        assertRejected("topology", () -> ModelOptions.parse(options("neurons", "10", "p", "0.1", "seed", "1",
                "topology", "smallworld")));
        assertRejected("autapse", () -> ModelOptions.parse(options("neurons", "10", "p", "0.1", "seed", "1",
                "autapses", "never")));
        Executable neither = () -> ModelOptions.parse(options("neurons", "10", "seed", "1"));
        assertRejected("p", neither);
        assertRejected("synapses", neither);
        assertRejected("neurons", () -> ModelOptions.parse(options("p", "0.1", "seed", "1")));
        assertRejected("seed", () -> ModelOptions.parse(options("neurons", "10", "p", "0.1")));
        assertRejected("neurons", () -> ModelOptions.parse(options("neurons", "ten", "p", "0.1", "seed", "1")));
        assertRejected("neurons", () -> ModelOptions.parse(options("neurons", "1.5", "p", "0.1", "seed", "1")));
        assertRejected("neurons", () -> ModelOptions.parse(options("neurons", "3e9", "p", "0.1", "seed", "1")));
        assertRejected("p", () -> ModelOptions.parse(options("neurons", "10", "p", "lots", "seed", "1")));
        assertRejected("p", () -> ModelOptions.parse(options("neurons", "10", "p", "1.5", "seed", "1")));
        assertRejected("synapses", () -> ModelOptions.parse(options("neurons", "10", "synapses", "-3", "seed",
                "1")));
        assertRejected("seed", () -> ModelOptions.parse(options("neurons", "10", "p", "0.1", "seed", "x")));
        assertRejected("exc-fraction", () -> ModelOptions.parse(options("neurons", "10", "p", "0.1", "seed", "1",
                "exc-fraction", "2")));
        assertRejected("sigma0", () -> ModelOptions.parse(options("neurons", "10", "p", "0.1", "seed", "1",
                "sigma0", "-1")));
        assertRejected("inputs", () -> ModelOptions.parse(options("neurons", "10", "p", "0.1", "seed", "1",
                "inputs", "-1")));
        assertRejected("outputs", () -> ModelOptions.parse(options("neurons", "10", "p", "0.1", "seed", "1",
                "outputs", "0.5")));
    }

    private static void assertRejected(String named, Executable executable) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, executable);
        assertTrue(e.getMessage().contains(named), "message does not name " + named + ": " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "message is not one line: " + e.getMessage());
    }

    private static Map<String, String> options(String... keysAndValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void optionsParseBackToAnEqualModel() {
        SplittableRandom random = new SplittableRandom(52);
        for (int i = 0; i < 2000; i++) {
            long n = 1 + random.nextLong(i % 10 == 0 ? Integer.MAX_VALUE : 10_000);
            AutapsePolicy policy = AutapsePolicy.values()[i % 3];
            double f = i % 7 == 0 ? 0.0 : i % 7 == 1 ? 1.0 : random.nextDouble();
            double muE = i % 5 == 0 ? -0.0 : (random.nextDouble() - 0.3) * 10;
            double sigma0 = i % 6 == 0 ? 0.0 : random.nextDouble() * 3;
            long inputs = random.nextLong(1000);
            long outputs = random.nextLong(1000);
            long seed = i == 0 ? Long.MIN_VALUE : i == 1 ? Long.MAX_VALUE : random.nextLong();
            long max = policy == AutapsePolicy.ALLOW ? n * n : n * (n - 1);
            ConnectomeModel model = i % 2 == 0
                    ? ConnectomeModel.withProbability(n, n == 1 && policy != AutapsePolicy.ALLOW ? 0
                            : random.nextDouble() * 0.9, f, muE, sigma0, inputs, outputs, policy, Topology.RANDOM,
                            seed)
                    : ConnectomeModel.withSynapseCount(n, max == 0 ? 0 : random.nextLong(max + 1), f, muE, sigma0,
                            inputs, outputs, policy, Topology.RANDOM, seed);
            assertEquals(model, ModelOptions.parse(ModelOptions.of(model)), "round trip");
        }
        // Keys are case-insensitive, and options not given take the packaged defaults.
        Properties defaults = ModelOptions.defaults();
        ConnectomeModel parsed = ModelOptions.parse(options("NEURONS", "1000", "P", "0.01", "Seed", "5"));
        ConnectomeModel expected = ConnectomeModel.withProbability(1000, 0.01,
                Double.parseDouble(defaults.getProperty("exc-fraction").trim()),
                Double.parseDouble(defaults.getProperty("mu-e").trim()),
                Double.parseDouble(defaults.getProperty("sigma0").trim()),
                Long.parseLong(defaults.getProperty("inputs").trim()),
                Long.parseLong(defaults.getProperty("outputs").trim()),
                AutapsePolicy.parse(defaults.getProperty("autapses")), Topology.parse(defaults.getProperty("topology")),
                5);
        assertEquals(expected, parsed);
        assertEquals(ConnectomeModel.withSynapseCount(1000, 777, 0.5, 2, 3, 4, 6, AutapsePolicy.EXCLUDE,
                Topology.RANDOM, -9), ModelOptions.parse(options("neurons", "1e3", "synapses", "777",
                "exc-fraction", "0.5", "mu-e", "2", "sigma0", "3", "inputs", "4", "outputs", "6", "autapses",
                "EXCLUDE", "topology", "random", "seed", "-9")));
    }
}
