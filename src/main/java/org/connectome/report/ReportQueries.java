package org.connectome.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.connectome.model.EdgeTable;
import org.connectome.model.InvalidParameterException;
import org.connectome.stats.ConnectomeTables;

/**
 * The report's aggregates, computed by Spark SQL on the views of {@link ConnectomeTables}: the driver receives
 * histograms (one row per bin, per degree value, per population pair), never synapses, so its memory does not
 * grow with N_syn.
 *
 * <p>Three passes over the recurrent table:
 * <ol>
 * <li>per post: in-degree and summed input weight (N rows, kept for the two histograms drawn from them);</li>
 * <li>per pre: out-degree and the weight (and delay) range, then per source population and out-degree;</li>
 * <li>per (source population, target population, weight bin) and, with delays, per delay bin: the block counts
 *     of the connection-probability matrix and the weight histograms and moments per source population, in one
 *     aggregation (the bins of pass 2's ranges).</li>
 * </ol>
 * Populations come from the neurons table. When each population is a contiguous id range (as every model
 * writes them) a row's population is a range test on its id; otherwise it is looked up by a join.
 */
public final class ReportQueries {
    public static final int WEIGHT_BINS = 80;
    public static final int DELAY_BINS = 60;
    public static final int SUMMED_INPUT_BINS = 60;
    private static final double MAX_DOUBLE = Double.MAX_VALUE;

    private final SparkSession session;
    private final long neurons;
    private final boolean hasDelay;
    private final List<Population> populations;
    private final boolean contiguous;

    private ReportQueries(ConnectomeTables tables) {
        this.session = tables.session();
        this.neurons = tables.manifest().model().neurons();
        this.hasDelay = columnTypes(tables).containsKey("delay");
        this.populations = populations();
        this.contiguous = contiguous(populations);
    }

    public static ReportAggregates measure(ConnectomeTables tables) {
        return new ReportQueries(tables).run(columnTypes(tables));
    }

    /** The recurrent table's columns and their Spark types, from its schema. */
    public static Map<String, String> columnTypes(ConnectomeTables tables) {
        Map<String, String> types = new LinkedHashMap<>();
        for (StructField field : tables.table(EdgeTable.RECURRENT).schema().fields()) {
            types.put(field.name(), field.dataType().simpleString());
        }
        return types;
    }

    private ReportAggregates run(Map<String, String> types) {
        if (populations.isEmpty()) {
            throw new InvalidParameterException("the neurons table names no population of ids in [0, " + neurons
                    + "): nothing to report per population");
        }
        session.sql("SELECT post, pre, CAST(weight AS DOUBLE) AS w"
                + (hasDelay ? ", CAST(delay AS DOUBLE) AS d" : "")
                + " FROM recurrent WHERE post >= 0 AND post < " + neurons + " AND pre >= 0 AND pre < " + neurons)
                .createOrReplaceTempView("report_synapses");
        if (!contiguous) {
            StringBuilder index = new StringBuilder("CASE population");
            for (int i = 0; i < populations.size(); i++) {
                index.append(" WHEN ").append(literal(populations.get(i).name())).append(" THEN ").append(i);
            }
            session.sql("SELECT id, " + index + " END AS population_index FROM neurons WHERE id >= 0 AND id < "
                    + neurons).createOrReplaceTempView("report_neurons");
        }

        // Pass 1: per post.
        Dataset<Row> posts = session.sql("SELECT post, COUNT(*) AS k, COALESCE(SUM(CASE WHEN " + finite("w")
                + " THEN w END), 0D) AS s FROM report_synapses GROUP BY post")
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            posts.createOrReplaceTempView("report_posts");
            SortedMap<Long, Long> inDegree = new TreeMap<>();
            long nonEmpty = 0;
            for (Row row : session.sql("SELECT k, COUNT(*) FROM report_posts GROUP BY k").collectAsList()) {
                inDegree.put(row.getLong(0), row.getLong(1));
                nonEmpty += row.getLong(1);
            }
            addZeros(inDegree, neurons - nonEmpty);
            Histogram summedInput = summedInput(neurons - nonEmpty);

            // Pass 2: per pre, then per (source population, out-degree).
            int p = populations.size();
            SortedMap<Long, Long> outDegree = new TreeMap<>();
            long[] presWithSynapses = new long[p];
            double[][] weightRange = emptyRanges(p);
            double[][] delayRange = emptyRanges(p);
            String perPre = "SELECT pre, COUNT(*) AS k, MIN(CASE WHEN " + finite("w") + " THEN w END) AS wmin, "
                    + "MAX(CASE WHEN " + finite("w") + " THEN w END) AS wmax"
                    + (hasDelay ? ", MIN(CASE WHEN " + finite("d") + " THEN d END) AS dmin, MAX(CASE WHEN "
                    + finite("d") + " THEN d END) AS dmax" : "")
                    + " FROM report_synapses GROUP BY pre";
            String query = "SELECT " + populationOf("x.pre", "a") + " AS pop, x.k, COUNT(*), MIN(x.wmin),"
                    + " MAX(x.wmax)" + (hasDelay ? ", MIN(x.dmin), MAX(x.dmax)" : "")
                    + " FROM (" + perPre + ") x" + populationJoin("x.pre", "a") + " GROUP BY 1, x.k";
            for (Row row : session.sql(query).collectAsList()) {
                if (row.isNullAt(0)) {
                    continue; // an id of no population: the stats checks report it
                }
                int pop = row.getInt(0);
                long count = row.getLong(2);
                outDegree.merge(row.getLong(1), count, Long::sum);
                presWithSynapses[pop] += count;
                widen(weightRange[pop], row, 3);
                if (hasDelay) {
                    widen(delayRange[pop], row, 5);
                }
            }
            long withoutSynapses = 0;
            for (int i = 0; i < p; i++) {
                withoutSynapses += populations.get(i).size() - presWithSynapses[i];
            }
            addZeros(outDegree, withoutSynapses);

            // Pass 3: blocks and bins.
            double[][] weightBins = bins(weightRange, WEIGHT_BINS);
            double[][] delayBins = bins(delayRange, DELAY_BINS);
            String populationsOfRows = "SELECT " + populationOf("r.pre", "a") + " AS pre_pop, "
                    + populationOf("r.post", "b") + " AS post_pop, w" + (hasDelay ? ", d" : "")
                    + " FROM report_synapses r" + populationJoin("r.pre", "a") + populationJoin("r.post", "b");
            String binned = "SELECT pre_pop, post_pop, CASE WHEN " + finite("w") + " THEN "
                    + bin("w", "pre_pop", weightBins, WEIGHT_BINS) + " END AS wbin, CASE WHEN " + finite("w")
                    + " THEN w END AS wv"
                    + (hasDelay ? ", CASE WHEN " + finite("d") + " THEN " + bin("d", "pre_pop", delayBins, DELAY_BINS)
                    + " END AS dbin" : "")
                    + " FROM (" + populationsOfRows + ") t WHERE pre_pop IS NOT NULL AND post_pop IS NOT NULL";
            String grouping = hasDelay ? "GROUPING SETS ((pre_pop, post_pop, wbin), (pre_pop, post_pop, dbin))"
                    : "pre_pop, post_pop, wbin";
            String blocks = "SELECT pre_pop, post_pop, wbin, " + (hasDelay ? "dbin, GROUPING(dbin)" : "NULL, 1")
                    + ", COUNT(*), SUM(wv), SUM(wv * wv) FROM (" + binned + ") s GROUP BY " + grouping;
            long[][] blockSynapses = new long[p][p];
            long[][] weightCounts = new long[p][WEIGHT_BINS];
            long[][] delayCounts = new long[p][DELAY_BINS];
            long[] weighted = new long[p];
            double[] sums = new double[p];
            double[] squares = new double[p];
            for (Row row : session.sql(blocks).collectAsList()) {
                int pre = row.getInt(0);
                int post = row.getInt(1);
                long count = row.getLong(5);
                boolean weightSet = ((Number) row.get(4)).intValue() == 1;
                if (weightSet) {
                    blockSynapses[pre][post] += count;
                    if (!row.isNullAt(2)) {
                        weightCounts[pre][(int) row.getLong(2)] += count;
                        weighted[pre] += count;
                        sums[pre] += row.getDouble(6);
                        squares[pre] += row.getDouble(7);
                    }
                } else if (!row.isNullAt(3)) {
                    delayCounts[pre][(int) row.getLong(3)] += count;
                }
            }
            List<Histogram> weights = new ArrayList<>();
            List<ReportAggregates.Moments> moments = new ArrayList<>();
            List<Histogram> delays = new ArrayList<>();
            for (int i = 0; i < p; i++) {
                weights.add(new Histogram(weightBins[i][0], weightBins[i][1], weightCounts[i]));
                moments.add(ReportAggregates.Moments.of(weighted[i], sums[i], squares[i]));
                if (hasDelay) {
                    delays.add(new Histogram(delayBins[i][0], delayBins[i][1], delayCounts[i]));
                }
            }
            return new ReportAggregates(populations, inDegree, outDegree, blockSynapses, weights, moments, delays,
                    summedInput, types);
        } finally {
            posts.unpersist();
        }
    }

    /** The histogram of summed input over all N posts; posts without synapses sum to 0. */
    private Histogram summedInput(long emptyPosts) {
        Row range = session.sql("SELECT MIN(s), MAX(s) FROM report_posts").collectAsList().get(0);
        double min = range.isNullAt(0) ? 0 : range.getDouble(0);
        double max = range.isNullAt(1) ? 0 : range.getDouble(1);
        if (emptyPosts > 0) {
            min = Math.min(min, 0);
            max = Math.max(max, 0);
        }
        double[] binning = Histogram.binning(min, max, SUMMED_INPUT_BINS);
        long[] counts = new long[SUMMED_INPUT_BINS];
        String bin = clampedBin("s", Double.toString(binning[0]) + "D", Double.toString(binning[1]) + "D",
                SUMMED_INPUT_BINS);
        for (Row row : session.sql("SELECT " + bin + " AS b, COUNT(*) FROM report_posts GROUP BY 1").collectAsList()) {
            counts[(int) row.getLong(0)] += row.getLong(1);
        }
        if (emptyPosts > 0) {
            counts[binOf(0, binning, SUMMED_INPUT_BINS)] += emptyPosts;
        }
        return new Histogram(binning[0], binning[1], counts);
    }

    /** The populations of the neurons table, ordered by their first id. */
    private List<Population> populations() {
        List<Population> found = new ArrayList<>();
        for (Row row : session.sql("SELECT population, COUNT(*), MIN(id), MAX(id) FROM neurons WHERE population IS"
                + " NOT NULL AND id >= 0 AND id < " + neurons + " GROUP BY population ORDER BY MIN(id)")
                .collectAsList()) {
            found.add(new Population(row.getString(0), row.getLong(1), row.getInt(2), row.getInt(3)));
        }
        return found;
    }

    static boolean contiguous(List<Population> populations) {
        long next = Long.MIN_VALUE;
        for (Population population : populations) {
            if (!population.contiguous() || population.firstId() < next) {
                return false;
            }
            next = population.lastId() + 1;
        }
        return true;
    }

    /** The population index of an id column: a range test, or the joined neurons row's index. */
    private String populationOf(String column, String alias) {
        if (!contiguous) {
            return alias + ".population_index";
        }
        StringBuilder sql = new StringBuilder("CASE");
        for (int i = 0; i < populations.size(); i++) {
            Population population = populations.get(i);
            sql.append(" WHEN ").append(column).append(" BETWEEN ").append(population.firstId()).append(" AND ")
                    .append(population.lastId()).append(" THEN ").append(i);
        }
        return sql.append(" END").toString();
    }

    private String populationJoin(String column, String alias) {
        return contiguous ? "" : " LEFT JOIN report_neurons " + alias + " ON " + alias + ".id = " + column;
    }

    /** The bin of a value by its source population's binning. */
    private static String bin(String value, String population, double[][] binning, int bins) {
        StringBuilder low = new StringBuilder("CASE ").append(population);
        StringBuilder width = new StringBuilder("CASE ").append(population);
        for (int i = 0; i < binning.length; i++) {
            low.append(" WHEN ").append(i).append(" THEN ").append(binning[i][0]).append('D');
            width.append(" WHEN ").append(i).append(" THEN ").append(binning[i][1]).append('D');
        }
        return clampedBin(value, low.append(" END").toString(), width.append(" END").toString(), bins);
    }

    /** floor((x - low) / width) within [0, bins - 1]: the maximum falls in the last bin. */
    private static String clampedBin(String value, String low, String width, int bins) {
        return "LEAST(" + (bins - 1) + ", GREATEST(0, FLOOR((" + value + " - " + low + ") / " + width + ")))";
    }

    /** The same bin as {@link #clampedBin}, in Java. */
    static int binOf(double value, double[] binning, int bins) {
        return (int) Math.min(bins - 1, Math.max(0, Math.floor((value - binning[0]) / binning[1])));
    }

    private static String finite(String column) {
        return "ABS(" + column + ") <= " + MAX_DOUBLE + "D";
    }

    private static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static void addZeros(SortedMap<Long, Long> histogram, long zeros) {
        if (zeros > 0) {
            histogram.merge(0L, zeros, Long::sum);
        }
    }

    private static double[][] emptyRanges(int populations) {
        double[][] ranges = new double[populations][];
        for (int i = 0; i < populations; i++) {
            ranges[i] = new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        }
        return ranges;
    }

    private static void widen(double[] range, Row row, int index) {
        if (!row.isNullAt(index)) {
            range[0] = Math.min(range[0], row.getDouble(index));
        }
        if (!row.isNullAt(index + 1)) {
            range[1] = Math.max(range[1], row.getDouble(index + 1));
        }
    }

    private static double[][] bins(double[][] ranges, int bins) {
        double[][] binning = new double[ranges.length][];
        for (int i = 0; i < ranges.length; i++) {
            boolean empty = ranges[i][0] > ranges[i][1];
            binning[i] = empty ? new double[] {0, 1} : Histogram.binning(ranges[i][0], ranges[i][1], bins);
        }
        return binning;
    }
}
