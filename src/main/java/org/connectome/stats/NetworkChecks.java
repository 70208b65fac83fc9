package org.connectome.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.connectome.model.AutapsePolicy;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.Distribution;
import org.connectome.model.Network;
import org.connectome.model.Population;
import org.connectome.model.Projection;
import org.connectome.model.Rule;

/**
 * The exact checks of a network spec's connectome (SPEC 7), per projection where the tables can tell its synapses
 * apart. The cells of the recurrent table fall into blocks (target population x source population); projections
 * that share a block form a group, and a group's synapses are known only together. So: every group's synapse
 * count; for a group of one projection its autapses (none unless allowed), duplicate (post, pre) (none without
 * multapses), weight signs (Dale), delay bounds; for a one-projection fixed_indegree group, every target's exact
 * in-degree; for all rows, ids in range, delays on the resolution grid, and the population of every neuron.
 * The statistical laws of the rules are checked by the unit tests, not here (yet).
 */
public final class NetworkChecks {
    private NetworkChecks() {
    }

    public static List<Check> check(ConnectomeTables tables) {
        ConnectomeModel model = tables.manifest().model();
        Network network = model.network();
        SparkSession session = tables.session();
        List<Population> populations = network.populations();
        int count = populations.size();
        List<Check> checks = new ArrayList<>();
        checks.add(Checks.exact("recurrent rows (sum of the projections)",
                tables.table(org.connectome.model.EdgeTable.RECURRENT).count(), model.synapses()));

        String targetPopulation = populationCase("post", populations);
        String sourcePopulation = populationCase("pre", populations);
        boolean delays = network.hasDelays();
        double resolution = network.resolution();
        String gridSql = "COALESCE(SUM(CASE WHEN ABS(delay / " + resolution + " - ROUND(delay / " + resolution
                + ")) > 1e-6 THEN 1 ELSE 0 END), 0)";
        List<Row> blocks = session.sql("SELECT tp, sp, COUNT(*), "
                + "COALESCE(SUM(CASE WHEN post = pre THEN 1 ELSE 0 END), 0), "
                + "COUNT(*) - COUNT(DISTINCT post, pre), MIN(weight), MAX(weight), "
                + (delays ? "MIN(delay), MAX(delay), " + gridSql : "0D, 0D, 0L")
                + " FROM (SELECT post, pre, weight" + (delays ? ", delay" : "") + ", " + targetPopulation + " AS tp, "
                + sourcePopulation + " AS sp FROM recurrent) GROUP BY tp, sp").collectAsList();
        long outside = 0;
        Map<Integer, Row> byBlock = new HashMap<>();
        for (Row row : blocks) {
            if (row.getInt(0) < 0 || row.getInt(1) < 0) {
                outside += row.getLong(2);
            } else {
                byBlock.put(row.getInt(0) * count + row.getInt(1), row);
            }
        }
        checks.add(Checks.exact("recurrent ids outside [0, N)", outside, 0));

        // Groups: projections that share a block (union-find over projections).
        List<Projection> projections = network.projections();
        int[] parent = new int[projections.size()];
        Arrays.setAll(parent, i -> i);
        int[] owner = new int[count * count];
        Arrays.fill(owner, -1);
        for (Projection projection : projections) {
            for (int block : blocksOf(projection, populations)) {
                if (owner[block] < 0) {
                    owner[block] = projection.index();
                } else {
                    parent[find(parent, projection.index())] = find(parent, owner[block]);
                }
            }
        }
        long offGrid = 0;
        for (Row row : blocks) {
            offGrid += row.getLong(9);
        }
        Map<Integer, List<Projection>> groups = new java.util.TreeMap<>();
        for (Projection projection : projections) {
            groups.computeIfAbsent(find(parent, projection.index()), k -> new ArrayList<>()).add(projection);
        }
        long stray = 0;
        for (int block = 0; block < owner.length; block++) {
            if (owner[block] < 0 && byBlock.containsKey(block)) {
                stray += byBlock.get(block).getLong(2);
            }
        }
        checks.add(Checks.exact("synapses outside every projection's cells", stray, 0));
        for (List<Projection> group : groups.values()) {
            String name = group.size() == 1 ? "projections[" + group.get(0).index() + "] " + describe(group.get(0))
                    : "projections " + group.stream().map(p -> Integer.toString(p.index())).toList()
                    + " (sharing cells)";
            long expected = group.stream().mapToLong(p -> network.synapses(p, model.seed())).sum();
            long rows = 0;
            long autapses = 0;
            long duplicates = 0;
            double minWeight = Double.POSITIVE_INFINITY;
            double maxWeight = Double.NEGATIVE_INFINITY;
            double minDelay = Double.POSITIVE_INFINITY;
            double maxDelay = Double.NEGATIVE_INFINITY;
            Projection only = group.get(0);
            boolean signsOk = true;
            for (Projection projection : group) {
                for (int block : blocksOf(projection, populations)) {
                    if (owner[block] == -2) {
                        continue; // counted already
                    }
                    Row row = byBlock.get(block);
                    owner[block] = -2;
                    if (row == null) {
                        continue;
                    }
                    rows += row.getLong(2);
                    autapses += row.getLong(3);
                    duplicates += row.getLong(4);
                    double low = ((Number) row.get(5)).doubleValue();
                    double high = ((Number) row.get(6)).doubleValue();
                    minWeight = Math.min(minWeight, low);
                    maxWeight = Math.max(maxWeight, high);
                    if (delays) {
                        minDelay = Math.min(minDelay, row.getDouble(7));
                        maxDelay = Math.max(maxDelay, row.getDouble(8));
                    }
                    // A float table rounds a weight by up to one float ulp; a bound of 0 (Dale) survives exactly.
                    Distribution law = projection.weightByPopulation()[block % count];
                    if (law != null && (low < law.low() - Math.ulp((float) law.low())
                            || high > law.high() + Math.ulp((float) law.high()))) {
                        signsOk = false;
                    }
                }
            }
            checks.add(Checks.exact(name + " synapses", rows, expected));
            if (group.size() == 1) {
                if (only.autapses() != AutapsePolicy.ALLOW) {
                    checks.add(Checks.exact(name + " autapses (" + only.autapses().cliName() + ")", autapses, 0));
                }
                if (!only.multapses()) {
                    checks.add(Checks.exact(name + " duplicate (post, pre)", duplicates, 0));
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
                if (only.rule() == Rule.FIXED_INDEGREE) {
                    checks.add(inDegree(session, name, only));
                }
            }
        }
        if (delays) {
            checks.add(Checks.exact("delays off the " + Check.number(resolution) + " ms grid", offGrid, 0));
        }
        Row neurons = session.sql("SELECT COUNT(*), COALESCE(SUM(CASE WHEN population IS NULL OR population <> "
                + namesCase(populations) + " THEN 1 ELSE 0 END), 0) FROM neurons").collectAsList().get(0);
        checks.add(Checks.exact("neurons rows", neurons.getLong(0), model.neurons()));
        checks.add(Checks.exact("neurons with another population's name", neurons.getLong(1), 0));
        return checks;
    }

    /** Every target's synapses from the projection's sources: exactly K, and every target has a row. */
    private static Check inDegree(SparkSession session, String name, Projection projection) {
        Row row = session.sql("SELECT COUNT(*), COALESCE(MIN(k), 0), COALESCE(MAX(k), 0) FROM (SELECT post, COUNT(*)"
                + " AS k FROM recurrent WHERE " + membership("post", projection.targets()) + " AND "
                + membership("pre", projection.sources()) + " GROUP BY post)").collectAsList().get(0);
        long k = projection.fixedCount();
        boolean passed = k == 0 ? row.getLong(0) == 0
                : row.getLong(0) == projection.targets().size() && row.getLong(1) == k && row.getLong(2) == k;
        return new Check(name + " in-degree of every target", String.format(Locale.ROOT, "%d targets, min %d max %d",
                row.getLong(0), row.getLong(1), row.getLong(2)), String.format(Locale.ROOT, "%d targets, %d each",
                projection.targets().size(), k), "exact", passed);
    }

    private static String membership(String column, org.connectome.model.NeuronSet set) {
        StringBuilder sql = new StringBuilder("(");
        long index = 0;
        boolean first = true;
        while (index < set.size()) {
            int start = set.idAt(index);
            long end = start;
            while (index < set.size() && set.idAt(index) == end) {
                index++;
                end++;
            }
            sql.append(first ? "" : " OR ").append(column).append(" >= ").append(start).append(" AND ").append(column)
                    .append(" < ").append(end);
            first = false;
        }
        return sql.append(first ? "FALSE)" : ")").toString();
    }

    private static String describe(Projection projection) {
        return projection.sourceName() + " -> " + projection.targetName() + " " + projection.rule().specName();
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            i = parent[i] = parent[parent[i]];
        }
        return i;
    }

    /** The blocks (target population x count + source population) of a projection's cells. */
    private static List<Integer> blocksOf(Projection projection, List<Population> populations) {
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
    private static String populationCase(String column, List<Population> populations) {
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
