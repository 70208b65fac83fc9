package org.connectome.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.Distribution;
import org.connectome.model.Network;
import org.connectome.model.Population;
import org.connectome.model.Projection;

/**
 * The checks of a network spec's connectome (SPEC 7), per projection where the tables can tell its synapses
 * apart. The cells of the recurrent table fall into blocks (target population x source population); projections
 * that share a block form a group, and a group's synapses are known only together. So: every group's synapse
 * count; for a group of one projection its autapses (none unless allowed), duplicate (post, pre) (none without
 * multapses), weight signs (Dale) and bounds, delay bounds, a fixed in- or out-degree exactly, and the statistical
 * laws of {@link ProjectionLaws} (in- and out-degrees, weights per source population, delays); for all rows, ids in
 * range, delays on the resolution grid, and the population of every neuron.
 *
 * <p>Measured without rows on the driver and in memory independent of the synapse count, in one in-order read of
 * the recurrent table ({@link RecurrentScan} with a {@link NetworkPlan}: one Spark task per file, no shuffle):
 * per block its synapses, duplicates (adjacent equal cells), autapses, weight and delay ranges, weight cells and
 * synapses per delay step; per projection alone in its blocks the synapses of each target and each source
 * (counters of |T| + |S| per projection and file while they fit {@link RunSettings#OUT_DEGREE_CELLS}, else Spark
 * SQL aggregates by (projection, post) and (projection, pre)). The same aggregates as Spark SQL queries took
 * about ten times the CPU (30 s against 3 s for 10^7 synapses), most of it in their shuffles.
 */
public final class NetworkChecks {
    /** The recurrent read and the neurons query run side by side. */
    private static final int CONCURRENT_QUERIES = 2;

    private NetworkChecks() {
    }

    /**
     * Which projection owns each block: the projection index for a group of one, -1 for a block of a group of
     * several (its laws are mixed) or of none; and the groups, in the order of their first projection.
     */
    public record Groups(int[] owner, int[] sharedOwner, List<List<Projection>> groups) {
        static Groups of(Network network) {
            List<Population> populations = network.populations();
            int count = populations.size();
            List<Projection> projections = network.projections();
            int[] parent = new int[projections.size()];
            Arrays.setAll(parent, i -> i);
            int[] first = new int[count * count];
            Arrays.fill(first, -1);
            for (Projection projection : projections) {
                for (int block : blocksOf(projection, populations)) {
                    if (first[block] < 0) {
                        first[block] = projection.index();
                    } else {
                        parent[find(parent, projection.index())] = find(parent, first[block]);
                    }
                }
            }
            Map<Integer, List<Projection>> byRoot = new TreeMap<>();
            for (Projection projection : projections) {
                byRoot.computeIfAbsent(find(parent, projection.index()), k -> new ArrayList<>()).add(projection);
            }
            int[] owner = new int[count * count];
            Arrays.fill(owner, -1);
            for (List<Projection> group : byRoot.values()) {
                if (group.size() == 1) {
                    for (int block : blocksOf(group.get(0), populations)) {
                        owner[block] = group.get(0).index();
                    }
                }
            }
            return new Groups(owner, first, new ArrayList<>(byRoot.values()));
        }

        /** The projections alone in their blocks. */
        public List<Projection> alone() {
            return groups.stream().filter(g -> g.size() == 1).map(g -> g.get(0)).toList();
        }
    }

    /**
     * What was measured: the in-order read of the recurrent table with the network's plan (blocks, duplicates,
     * autapses, ranges, weight cells, delay steps, degrees); per projection alone in its blocks its histograms; the
     * neurons table's rows and misnamed rows.
     */
    public record Measured(RecurrentScan.Result read, Map<Integer, ProjectionLaws.Measured> projections,
            long neuronRows, long misnamed) {
        public RecurrentAggregates scan() {
            return read.aggregates();
        }
    }

    public static List<Check> check(ConnectomeTables tables) {
        return check(tables.manifest().model(), measure(tables));
    }

    public static Measured measure(ConnectomeTables tables) {
        return measure(tables, true);
    }

    /** With {@code counters} false, the degrees come from Spark SQL aggregates even where counters would fit. */
    static Measured measure(ConnectomeTables tables, boolean counters) {
        ConnectomeModel model = tables.manifest().model();
        Network network = model.network();
        SparkSession session = tables.session();
        List<Population> populations = network.populations();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_QUERIES, runnable -> {
            Thread thread = new Thread(runnable, "connectome-stats");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<RecurrentScan.Result> scan = async(pool, session, "recurrent, file by file",
                    () -> RecurrentScan.firstPass(tables, counters ? RunSettings.ofNetwork(model) : RunSettings
                            .ofNetwork(model).withPlan(NetworkPlan.of(model).withoutDegreeCounters())));
            CompletableFuture<Row> neurons = async(pool, session, "neurons", () -> session.sql("SELECT COUNT(*),"
                    + " COALESCE(SUM(CASE WHEN population IS NULL OR population <> " + namesCase(populations)
                    + " THEN 1 ELSE 0 END), 0) FROM neurons").collectAsList().get(0));
            RecurrentScan.Result read = ConnectomeStats.get(scan);
            RecurrentAggregates aggregates = read.aggregates();
            Map<Integer, SortedMap<Long, Long>> inDegrees = null;
            Map<Integer, SortedMap<Long, Long>> outDegrees = null;
            if (!aggregates.network().counts()) {
                // Too many counters for the driver: aggregates by (projection, post) and (projection, pre).
                String owned = ownedRows(network, Groups.of(network));
                inDegrees = histograms(session.sql("SELECT g, k, COUNT(*) FROM (SELECT g, post, COUNT(*) AS k FROM "
                        + owned + " WHERE g >= 0 GROUP BY g, post) GROUP BY g, k").collectAsList());
                outDegrees = histograms(session.sql("SELECT g, k, COUNT(*) FROM (SELECT g, pre, COUNT(*) AS k FROM "
                        + owned + " WHERE g >= 0 GROUP BY g, pre) GROUP BY g, k").collectAsList());
            }
            Row neuronRow = ConnectomeStats.get(neurons);
            return new Measured(read, projections(network, aggregates, inDegrees, outDegrees),
                    neuronRow.getLong(0), neuronRow.getLong(1));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Per projection alone in its blocks, its histograms from the read's aggregates; the degrees from its counters,
     * or from {@code inDegrees} and {@code outDegrees} (by projection index, neurons without synapses left out)
     * where the read did not count them. Plain Java: tests feed it rows.
     */
    public static Map<Integer, ProjectionLaws.Measured> projections(Network network, RecurrentAggregates aggregates,
            Map<Integer, SortedMap<Long, Long>> inDegrees, Map<Integer, SortedMap<Long, Long>> outDegrees) {
        NetworkRun run = aggregates.network();
        NetworkPlan plan = aggregates.settings().plan();
        if (run.counts()) {
            inDegrees = new HashMap<>();
            outDegrees = new HashMap<>();
            for (int slot = 0; slot < plan.slots(); slot++) {
                inDegrees.put(plan.projections()[slot], histogram(run.inCounts[slot]));
                outDegrees.put(plan.projections()[slot], histogram(run.outCounts[slot]));
            }
        }
        int count = network.populations().size();
        Map<Integer, ProjectionLaws.Measured> measured = new TreeMap<>();
        for (int slot = 0; slot < plan.slots(); slot++) {
            Projection projection = network.projections().get(plan.projections()[slot]);
            int index = projection.index();
            long[][] weightCells = new long[count][];
            SortedMap<Long, Long> steps = new TreeMap<>();
            for (int source = 0; source < count; source++) {
                for (int target = 0; target < count; target++) {
                    int block = source * count + target;
                    if (plan.slotOf()[block] != slot) {
                        continue;
                    }
                    long[] cells = run.weightCells[block];
                    if (weightCells[source] == null) {
                        weightCells[source] = new long[cells.length];
                    }
                    for (int c = 0; c < cells.length; c++) {
                        weightCells[source][c] += cells[c];
                    }
                    long[] delays = run.delaySteps[block];
                    for (int k = 0; k < delays.length; k++) {
                        if (delays[k] > 0) {
                            steps.merge((long) k, delays[k], Long::sum);
                        }
                    }
                }
            }
            measured.put(index, new ProjectionLaws.Measured(
                    withZeros(inDegrees.get(index), projection.targets().size()),
                    withZeros(outDegrees.get(index), projection.sources().size()), weightCells,
                    network.hasDelays() ? steps : null));
        }
        return measured;
    }

    /** The recurrent rows with {@code g}, the projection alone in the row's block (else -1). */
    private static String ownedRows(Network network, Groups groups) {
        List<Population> populations = network.populations();
        String blocked = "(SELECT post, pre, CASE WHEN tp < 0 OR sp < 0 THEN -1 ELSE tp * " + populations.size()
                + " + sp END AS blk FROM (SELECT post, pre, " + populationCase("post", populations) + " AS tp, "
                + populationCase("pre", populations) + " AS sp FROM recurrent))";
        return "(SELECT *, CASE WHEN blk < 0 THEN -1 ELSE element_at(" + intArray(groups.owner())
                + ", blk + 1) END AS g FROM " + blocked + ")";
    }

    /** Neurons per count, of the counters of one side of a projection. */
    private static SortedMap<Long, Long> histogram(int[] counts) {
        SortedMap<Long, Long> histogram = new TreeMap<>();
        for (int k : counts) {
            histogram.merge((long) k, 1L, Long::sum);
        }
        return histogram;
    }

    /** Every line, judged from what was measured. */
    public static List<Check> check(ConnectomeModel model, Measured measured) {
        Network network = model.network();
        List<Population> populations = network.populations();
        int count = populations.size();
        Groups groups = Groups.of(network);
        boolean delays = network.hasDelays();
        List<Check> checks = new ArrayList<>();
        RecurrentAggregates scan = measured.scan();
        NetworkRun run = scan.network();
        checks.add(Checks.exact("recurrent rows (sum of the projections)", scan.rows(), model.synapses()));
        checks.add(Checks.exact("recurrent ids outside [0, N), null ids", scan.outside() + scan.invalid(), 0));
        long[][] blockRows = scan.blocks();
        long stray = 0;
        for (int target = 0; target < count; target++) {
            for (int source = 0; source < count; source++) {
                if (groups.sharedOwner()[target * count + source] < 0) {
                    stray += blockRows[source][target];
                }
            }
        }
        checks.add(Checks.exact("synapses outside every projection's cells", stray, 0));
        long[][] duplicates = scan.blockDuplicates();
        long[][] autapsesByBlock = scan.blockAutapses();
        for (List<Projection> group : groups.groups()) {
            String name = group.size() == 1 ? "projections[" + group.get(0).index() + "] " + describe(group.get(0))
                    : "projections " + group.stream().map(p -> Integer.toString(p.index())).toList()
                    + " (sharing cells)";
            long expected = group.stream().mapToLong(p -> network.synapses(p, model.seed())).sum();
            long rows = 0;
            long autapses = 0;
            long repeated = 0;
            double minWeight = Double.POSITIVE_INFINITY;
            double maxWeight = Double.NEGATIVE_INFINITY;
            double minDelay = Double.POSITIVE_INFINITY;
            double maxDelay = Double.NEGATIVE_INFINITY;
            Projection only = group.get(0);
            boolean signsOk = true;
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (Projection projection : group) {
                for (int block : blocksOf(projection, populations)) {
                    if (!seen.add(block)) {
                        continue;
                    }
                    int target = block / count;
                    int source = block % count;
                    autapses += autapsesByBlock[source][target];
                    repeated += duplicates[source][target];
                    int index = source * count + target;
                    if (blockRows[source][target] == 0) {
                        continue;
                    }
                    rows += blockRows[source][target];
                    double low = run.weightMin[index];
                    double high = run.weightMax[index];
                    minWeight = Math.min(minWeight, low);
                    maxWeight = Math.max(maxWeight, high);
                    minDelay = Math.min(minDelay, run.delayMin[index]);
                    maxDelay = Math.max(maxDelay, run.delayMax[index]);
                    // A float table rounds a weight by up to one float ulp; a bound of 0 (Dale) survives exactly.
                    Distribution law = projection.weightByPopulation()[source];
                    if (law != null && (low < law.low() - Math.ulp((float) law.low())
                            || high > law.high() + Math.ulp((float) law.high()))) {
                        signsOk = false;
                    }
                }
            }
            checks.add(Checks.exact(name + " synapses", rows, expected));
            if (group.size() != 1) {
                continue;
            }
            if (only.autapses() != AutapsePolicy.ALLOW) {
                checks.add(Checks.exact(name + " autapses (" + only.autapses().cliName() + ")", autapses, 0));
            }
            if (!only.multapses()) {
                checks.add(Checks.exact(name + " duplicate (post, pre)", repeated, 0));
            }
            if (rows > 0) {
                checks.add(new Check(name + " weights within bounds (dale, min, max)",
                        "[" + Check.number(minWeight) + ", " + Check.number(maxWeight) + "]", "the law's bounds",
                        "exact", signsOk));
            }
            if (delays && rows > 0) {
                Distribution delay = only.delay();
                boolean within = minDelay >= delay.low() - 1e-9 && maxDelay <= delay.high() + 1e-9;
                checks.add(new Check(name + " delays within bounds", "[" + Check.number(minDelay) + ", "
                        + Check.number(maxDelay) + "]", "[" + Check.number(delay.low()) + ", "
                        + Check.number(delay.high()) + "]", "exact", within));
            }
            checks.addAll(new ProjectionLaws(network, only, model.seed()).check(name,
                    measured.projections().get(only.index())));
        }
        if (delays) {
            checks.add(Checks.exact("delays off the " + Check.number(network.resolution()) + " ms grid", run.offGrid,
                    0));
        }
        checks.add(Checks.exact("neurons rows", measured.neuronRows(), model.neurons()));
        checks.add(Checks.exact("neurons with another population's name", measured.misnamed(), 0));
        return checks;
    }

    /** Rows (key, value, count) into a histogram per key (key and value ints or longs). */
    private static Map<Integer, SortedMap<Long, Long>> histograms(List<Row> rows) {
        Map<Integer, SortedMap<Long, Long>> histograms = new HashMap<>();
        for (Row row : rows) {
            histograms.computeIfAbsent(((Number) row.get(0)).intValue(), k -> new TreeMap<>())
                    .merge(((Number) row.get(1)).longValue(), row.getLong(2), Long::sum);
        }
        return histograms;
    }

    /** A histogram of the neurons with synapses, completed with the {@code neurons} less them at degree 0. */
    private static SortedMap<Long, Long> withZeros(SortedMap<Long, Long> histogram, long neurons) {
        SortedMap<Long, Long> complete = histogram == null ? new TreeMap<>() : new TreeMap<>(histogram);
        long counted = complete.values().stream().mapToLong(Long::longValue).sum();
        if (counted < neurons) {
            complete.merge(0L, neurons - counted, Long::sum);
        }
        return complete;
    }

    private static <T> CompletableFuture<T> async(ExecutorService pool, SparkSession session, String what,
            Supplier<T> job) {
        return CompletableFuture.supplyAsync(() -> {
            session.sparkContext().setJobDescription("connectome stats: " + what);
            try {
                return job.get();
            } finally {
                session.sparkContext().setJobDescription(null);
            }
        }, pool);
    }

    private static String intArray(int[] values) {
        StringBuilder sql = new StringBuilder("array(");
        for (int i = 0; i < values.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return sql.append(')').toString();
    }

    static String describe(Projection projection) {
        return projection.sourceName() + " -> " + projection.targetName() + " " + projection.rule().specName();
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            i = parent[i] = parent[parent[i]];
        }
        return i;
    }

    /** The blocks (target population x count + source population) of a projection's cells. */
    static List<Integer> blocksOf(Projection projection, List<Population> populations) {
        List<Integer> blocks = new ArrayList<>();
        for (int t = 0; t < populations.size(); t++) {
            if (!projection.targets().contains(populations.get(t).first())) {
                continue;
            }
            for (int s = 0; s < populations.size(); s++) {
                if (projection.sources().contains(populations.get(s).first())) {
                    blocks.add(t * populations.size() + s);
                }
            }
        }
        return blocks;
    }

    /** The population index of an id column, -1 outside [0, N). */
    static String populationCase(String column, List<Population> populations) {
        StringBuilder sql = new StringBuilder("CASE WHEN " + column + " < 0 THEN -1");
        for (int i = 0; i < populations.size(); i++) {
            sql.append(" WHEN ").append(column).append(" < ").append(populations.get(i).end()).append(" THEN ").append(i);
        }
        return sql.append(" ELSE -1 END").toString();
    }

    private static String namesCase(List<Population> populations) {
        StringBuilder sql = new StringBuilder("CASE");
        for (Population population : populations) {
            sql.append(" WHEN id >= ").append(population.first()).append(" AND id < ").append(population.end())
                    .append(" THEN '").append(population.name()).append("'");
        }
        return sql.append(" ELSE NULL END").toString();
    }
}
