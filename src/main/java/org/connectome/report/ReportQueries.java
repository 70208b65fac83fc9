package org.connectome.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.connectome.model.EdgeTable;
import org.connectome.stats.ConnectomeStats;
import org.connectome.stats.ConnectomeTables;
import org.connectome.stats.Measurements;
import org.connectome.stats.RecurrentAggregates;
import org.connectome.stats.RecurrentScan;
import org.connectome.stats.RunSettings;

/**
 * The report's aggregates, from the same read of the recurrent table as the checks of {@code stats}
 * ({@link ConnectomeStats#measureAll}: counts, moments, in- and out-degree histograms, blocks, value ranges),
 * plus one second read ({@link RecurrentScan#secondPass}) that bins the weights and delays per source
 * population and the summed input per post over the ranges the first found. The driver receives histograms,
 * never synapses, so its memory does not grow with N_syn.
 *
 * <p>Populations are the model's (E = ids below Ne, I the rest): the laws the page draws are the model's, and
 * whether the neurons table names them so is a check of {@code stats}.
 */
public final class ReportQueries {
    public static final int WEIGHT_BINS = 80;
    public static final int DELAY_BINS = 60;
    public static final int SUMMED_INPUT_BINS = 60;

    private ReportQueries() {
    }

    /** The aggregates of an already measured connectome (one more read of the recurrent table). */
    public static ReportAggregates measure(ConnectomeTables tables, ConnectomeStats.Measured measured) {
        RecurrentScan.Result recurrent = measured.recurrent();
        RecurrentAggregates first = recurrent.aggregates();
        RunSettings settings = first.settings();
        List<Population> populations = populations(settings);
        int p = populations.size();
        double[][] weightBinning = new double[p][];
        double[][] delayBinning = new double[p][];
        for (int i = 0; i < p; i++) {
            weightBinning[i] = binning(first.weightRange(i), WEIGHT_BINS);
            delayBinning[i] = binning(first.delayRange(i), DELAY_BINS);
        }
        double[] summedRange = first.summedInputRange();
        double[] summedBinning = Histogram.binning(summedRange[0], summedRange[1], SUMMED_INPUT_BINS);
        RunSettings.Binning binning = new RunSettings.Binning(column(weightBinning, 0), column(weightBinning, 1),
                WEIGHT_BINS, column(delayBinning, 0), column(delayBinning, 1), DELAY_BINS, summedBinning[0],
                summedBinning[1], SUMMED_INPUT_BINS);
        tables.session().sparkContext().setJobDescription("connectome report: bins of the recurrent table");
        RecurrentAggregates.Bins bins = RecurrentScan.secondPass(tables, recurrent, binning);
        tables.session().sparkContext().setJobDescription(null);

        Measurements measurements = measured.measurements();
        List<Histogram> weights = new ArrayList<>();
        List<ReportAggregates.Moments> moments = new ArrayList<>();
        List<Histogram> delays = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            weights.add(new Histogram(weightBinning[i][0], weightBinning[i][1], bins.weights()[i]));
            boolean excitatory = populations.get(i).firstId() < settings.excitatoryNeurons();
            Measurements.Moments m = excitatory ? measurements.excitatoryWeights()
                    : measurements.inhibitoryWeights();
            moments.add(new ReportAggregates.Moments(m.count(), m.mean(), m.std()));
            if (recurrent.delays()) {
                delays.add(new Histogram(delayBinning[i][0], delayBinning[i][1], bins.delays()[i]));
            }
        }
        return new ReportAggregates(populations, first.inDegree(), measured.outDegree(), first.blocks(), weights,
                moments, delays, new Histogram(summedBinning[0], summedBinning[1], bins.summed()),
                columnTypes(tables));
    }

    /** The model's populations, as the runs split them: E then I (an empty one left out). */
    static List<Population> populations(RunSettings settings) {
        long[] starts = settings.populationStarts();
        List<Population> populations = new ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            long end = i + 1 < starts.length ? starts[i + 1] : settings.neurons();
            String name = starts[i] < settings.excitatoryNeurons() ? "E" : "I";
            populations.add(new Population(name, end - starts[i], starts[i], end - 1));
        }
        return populations;
    }

    /** The recurrent table's columns and their Spark types, from its schema. */
    public static Map<String, String> columnTypes(ConnectomeTables tables) {
        Map<String, String> types = new LinkedHashMap<>();
        for (StructField field : tables.table(EdgeTable.RECURRENT).schema().fields()) {
            types.put(field.name(), field.dataType().simpleString());
        }
        return types;
    }

    /** Equal bins over a [min, max] range; a range without values (min > max) gets bins over [0, 1]. */
    private static double[] binning(double[] range, int bins) {
        return range[0] > range[1] ? Histogram.binning(0, 1, bins) : Histogram.binning(range[0], range[1], bins);
    }

    private static double[] column(double[][] rows, int index) {
        double[] values = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            values[i] = rows[i][index];
        }
        return values;
    }
}
