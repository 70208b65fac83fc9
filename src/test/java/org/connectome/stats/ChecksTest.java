package org.connectome.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.Topology;
import org.connectome.output.Manifest;
import org.junit.jupiter.api.Test;

/**
 * {@link Checks} on measurements made up from the laws (no Spark): the expected values pass, and each
 * departure fails its own line and no other, at the margins the tolerances state (4 SE passes, 6 SE fails).
 */
class ChecksTest {
    private static final ConnectomeModel MODEL = ConnectomeModel.withProbability(2000, 0.05, 0.8, 1.0, 1.0, 3, 2,
            AutapsePolicy.REPAIR, Topology.RANDOM, 7);

    /** Everything {@link Measurements} holds, mutable. */
    private static final class Draft {
        ConnectomeModel model;
        Map<EdgeTable, String> schemas = new EnumMap<>(Checks.expectedSchemas());
        Map<EdgeTable, Long> manifestRows = new EnumMap<>(EdgeTable.class);
        long rows;
        long invalid;
        long outside;
        long duplicates;
        long autapses;
        double inStd;
        long inMin;
        long inMax;
        double outStd;
        long outMin;
        long outMax;
        long inTotal;
        long eCount;
        double eMean;
        double eStd;
        long iCount;
        double iMean;
        double iStd;
        double weightSum;
        long inputRows;
        long inputDuplicates;
        double inputMean;
        double inputStd;
        long outputRows;
        double outputMean;
        double outputStd;
        long neuronRows;
        long wrongPopulation;

        Draft(ConnectomeModel model) {
            this.model = model;
            ConnectomeLaws laws = new ConnectomeLaws(model);
            for (EdgeTable table : EdgeTable.values()) {
                manifestRows.put(table, model.rowCount(table));
            }
            rows = model.synapses();
            inTotal = rows;
            autapses = model.autapses() == AutapsePolicy.ALLOW ? Math.round(laws.autapsesAllowed().mean()) : 0;
            inStd = laws.inDegree().standardDeviation();
            long[] inRange = laws.inDegree().range(model.neurons(), Checks.ALPHA);
            inMin = inRange[0] + 10;
            inMax = inRange[1] - 10;
            outStd = Math.sqrt(laws.outDegreeVariance());
            long[] outRange = laws.outDegreeBounds().range(model.neurons(), Checks.ALPHA);
            outMin = outRange[0] + 10;
            outMax = outRange[1] - 10;
            eCount = Math.round(laws.excitatorySynapsesMean());
            iCount = rows - eCount;
            eMean = laws.excitatoryWeightMean();
            iMean = laws.inhibitoryWeightMean();
            eStd = laws.recurrentWeightStd();
            iStd = eStd;
            weightSum = laws.summedInputMean() * model.neurons();
            inputRows = model.rowCount(EdgeTable.INPUT);
            inputStd = model.inputScale();
            outputRows = model.rowCount(EdgeTable.OUTPUT);
            outputStd = model.outputScale();
            neuronRows = model.neurons();
        }

        /** Degrees whose population std over N neurons is {@code std} exactly. */
        private Measurements.Degrees degrees(double std, long min, long max, long total) {
            long n = model.neurons();
            double m = (double) model.synapses() / n;
            return new Measurements.Degrees(n, n, total, std * std * n, m, min, max);
        }

        List<Check> evaluate() {
            Measurements measured = new Measurements(schemas,
                    new Measurements.TableCounts(rows, invalid, outside, duplicates),
                    new Measurements.TableCounts(inputRows, 0, 0, inputDuplicates),
                    new Measurements.TableCounts(outputRows, 0, 0, 0), autapses,
                    degrees(inStd, inMin, inMax, inTotal), degrees(outStd, outMin, outMax, inTotal),
                    new Measurements.Moments(eCount, eMean, eStd), new Measurements.Moments(iCount, iMean, iStd),
                    weightSum, new Measurements.Moments(inputRows, inputMean, inputStd),
                    new Measurements.Moments(outputRows, outputMean, outputStd),
                    new Measurements.NeuronCounts(neuronRows, neuronRows, 0, wrongPopulation));
            return Checks.evaluate(new Manifest(model, manifestRows, Map.of()), measured);
        }
    }

    private static List<String> failures(Draft draft) {
        return draft.evaluate().stream().filter(check -> !check.passed()).map(Check::name).collect(Collectors.toList());
    }

    @Test
    void theExpectedValuesPassEveryCheck() {
        for (AutapsePolicy policy : AutapsePolicy.values()) {
            ConnectomeModel model = new ConnectomeModel(2000, 200_000, 0.05, 0.8, 1.0, 1.0, 3, 2, policy,
                    Topology.RANDOM, 7);
            List<Check> checks = new Draft(model).evaluate();
            assertEquals(29, checks.size());
            assertEquals(List.of(), failures(new Draft(model)), policy.cliName());
            for (Check check : checks) {
                assertTrue(check.line().matches("[^:]+: +.+ vs .+ \\[.+\\] PASS"), check.line());
            }
        }
    }

    /** Each departure and the one line it must fail (and only that one). */
    @Test
    void eachDepartureFailsItsLine() {
        ConnectomeLaws laws = new ConnectomeLaws(MODEL);
        double sigma = laws.recurrentWeightStd();
        double inStd = laws.inDegree().standardDeviation();
        double inSe = Checks.countStdError(inStd, laws.inDegree().excessKurtosis(), MODEL.neurons());
        Map<String, Consumer<Draft>> departures = new HashMap<>();
        departures.put("schema (SPEC 4)", d -> d.schemas.put(EdgeTable.RECURRENT, "post:int, pre:int, weight:float"));
        departures.put("connectome.json rows (rec/in/out/neurons)", d -> d.manifestRows.put(EdgeTable.INPUT, 1L));
        departures.put("recurrent null ids, null/NaN/inf weights", d -> d.invalid = 1);
        departures.put("recurrent ids outside [0, N)", d -> d.outside = 1);
        departures.put("duplicate (post, pre)", d -> d.duplicates = 1);
        departures.put("autapses (repair)", d -> d.autapses = 1);
        departures.put("in-degree std", d -> d.inStd = inStd + 6 * inSe);
        departures.put("in-degree min, max", d -> d.inMax += 11);
        departures.put("out-degree min, max", d -> d.outMin -= 11);
        departures.put("synapses from E neurons (N_syn Ne / N)",
                d -> d.eCount += Math.round(6 * Math.sqrt(laws.excitatorySynapsesVariance())));
        departures.put("recurrent weight mean, pre E (mu_e s)", d -> d.eMean += 6 * sigma / Math.sqrt(d.eCount));
        departures.put("recurrent weight std, pre I (sigma0 s)",
                d -> d.iStd += 6 * sigma / Math.sqrt(2.0 * (d.iCount - 1)));
        departures.put("E/I balance: mean summed input per post",
                d -> d.weightSum += 6 * laws.summedInputStd() * MODEL.neurons());
        departures.put("input null, outside or duplicate cells", d -> d.inputDuplicates = 1);
        departures.put("input weight std (1 / sqrt(N_input))", d -> d.inputStd *= 1.5);
        departures.put("output weight mean (0)", d -> d.outputMean = 0.5);
        departures.put("output rows", d -> d.outputRows = 0);
        departures.put("neurons ids and populations wrong", d -> d.wrongPopulation = 1);
        departures.put("neurons rows (N)", d -> d.neuronRows++);
        for (Map.Entry<String, Consumer<Draft>> departure : departures.entrySet()) {
            Draft draft = new Draft(MODEL);
            departure.getValue().accept(draft);
            assertEquals(List.of(departure.getKey()), failures(draft), departure.getKey());
        }
        // A lost synapse fails the count and both degree means.
        Draft lost = new Draft(MODEL);
        lost.rows--;
        lost.inTotal--;
        assertEquals(List.of("recurrent rows (N_syn)", "in-degree mean (N_syn / N)", "out-degree mean (N_syn / N)"),
                failures(lost));
    }

    /** Within 4 standard errors every statistical line still passes. */
    @Test
    void departuresWithinTheToleranceStillPass() {
        ConnectomeLaws laws = new ConnectomeLaws(MODEL);
        double sigma = laws.recurrentWeightStd();
        Draft draft = new Draft(MODEL);
        draft.inStd += 4 * Checks.countStdError(draft.inStd, laws.inDegree().excessKurtosis(), MODEL.neurons());
        draft.outStd -= 4 * Checks.countStdError(draft.outStd, laws.outDegreeKurtosis(), MODEL.neurons());
        draft.eMean -= 4 * sigma / Math.sqrt(draft.eCount);
        draft.iMean += 4 * sigma / Math.sqrt(draft.iCount);
        draft.eStd -= 4 * sigma / Math.sqrt(2.0 * (draft.eCount - 1));
        draft.weightSum -= 4 * laws.summedInputStd() * MODEL.neurons();
        draft.inputMean = 4 * MODEL.inputScale() / Math.sqrt(draft.inputRows);
        assertEquals(List.of(), failures(draft));
    }

    /** Under allow, autapses follow the law of the diagonal: about N_syn / N of them, and never none here. */
    @Test
    void autapsesUnderAllowAreJudgedByTheirLaw() {
        ConnectomeModel allow = new ConnectomeModel(2000, 200_000, 0.05, 0.8, 1.0, 1.0, 3, 2, AutapsePolicy.ALLOW,
                Topology.RANDOM, 7);
        Draft draft = new Draft(allow);
        draft.autapses = 80;
        assertEquals(List.of(), failures(draft));
        draft.autapses = 0;
        assertEquals(List.of("autapses (allow; law of the diagonal)"), failures(draft));
    }

    /** sigma_0 = 0: the weights have no spread, and rounding is all a correct connectome may show. */
    @Test
    void constantWeightsAreCheckedToRounding() {
        ConnectomeModel constant = ConnectomeModel.withProbability(2000, 0.05, 0.8, 1.0, 0.0, 3, 2,
                AutapsePolicy.EXCLUDE, Topology.RANDOM, 7);
        Draft draft = new Draft(constant);
        draft.eMean *= 1 + 1e-12;
        draft.weightSum = new ConnectomeLaws(constant).summedInputMean() * constant.neurons();
        assertFalse(failures(draft).contains("recurrent weight mean, pre E (mu_e s)"));
        draft.eMean *= 1 + 1e-6;
        assertTrue(failures(draft).contains("recurrent weight mean, pre E (mu_e s)"));
    }

    @Test
    void numbersPrintReadably() {
        assertEquals("0.1", Check.number(0.1));
        assertEquals("9.74436", Check.number(9.744357));
        assertEquals("200000", Check.number(200000));
        assertEquals("-2.27374E-15", Check.number(-2.2737367544323206E-15));
        assertEquals("NaN", Check.number(Double.NaN));
    }
}
