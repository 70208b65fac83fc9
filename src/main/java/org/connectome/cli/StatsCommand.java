package org.connectome.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.connectome.model.ConnectomeModel;
import org.connectome.stats.Check;
import org.connectome.stats.Checks;
import org.connectome.stats.ConnectomeStats;
import org.connectome.stats.ConnectomeTables;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code connectome stats}: validates a written connectome against its model, with Spark SQL. */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Validates a written connectome against the laws of the model recorded in its connectome.json.",
            "One line per check:  name: measured vs expected [tolerance] PASS|FAIL",
            "Exact checks: row counts, schema, null/NaN values, ids in range, duplicate (post, pre), autapses"
                    + " (none under repair and exclude), neurons and their populations.",
            "Statistical checks (5 standard errors, or bounds a correct connectome leaves with probability"
                    + " < 1e-6): in- and out-degree std and min/max against their hypergeometric laws,"
                    + " synapses from E neurons, recurrent weight mean and std per presynaptic population,"
                    + " input and output weights, and the E/I balance (mean summed input per post).",
            "A network spec's connectome (generate --model): per projection its exact counts, autapses, duplicates,"
                    + " bounds and fixed degrees, and chi-square tests (p >= 1e-6) of its in- and out-degree laws, its"
                    + " weight law per source population and its delay law.%n"},
        footer = {"%nExamples:",
            "  connectome stats /tmp/net",
            "  connectome stats hdfs:///nets/n1m --check && echo valid",
            "%nExit codes: 0 done (with --check: every check passed), 1 a check failed (with --check) or the run"
                    + " failed, 2 bad input (e.g. no connectome.json)."})
final class StatsCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "A connectome written by 'connectome generate'.")
    private String path;

    @Option(names = "--check", description = "Exit with code 1 when any check fails (for pipelines).")
    private boolean check;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (SparkSessions.Handle spark = SparkSessions.open("connectome stats")) {
            ConnectomeTables tables = ConnectomeTables.open(spark.session(), path);
            ConnectomeModel model = tables.manifest().model();
            if (model.network() != null) {
                out.printf(Locale.ROOT, "connectome %s: network %s, %,d neurons in %d populations, %,d synapses in %d"
                        + " projections, seed %d%n", path, model.network().name(), model.neurons(),
                        model.network().populations().size(), model.synapses(), model.network().projections().size(),
                        model.seed());
                return report(out, org.connectome.stats.NetworkChecks.check(tables));
            }
            out.printf(Locale.ROOT, "connectome %s: %,d neurons (%,d E, %,d I), %,d synapses (p = %s), autapses %s,"
                    + " seed %d%n", path, model.neurons(), model.excitatoryNeurons(),
                    model.neurons() - model.excitatoryNeurons(), model.synapses(),
                    Check.number(model.connectionProbability()), model.autapses().cliName(), model.seed());
            out.printf(Locale.ROOT, "  mu_e = %s, mu_i = %s, sigma0 = %s; scales: recurrent s = %s, input %s,"
                    + " output %s; tolerances: %s SE, ranges P(outside) < %s%n", Check.number(model.muExcitatory()),
                    Check.number(model.muInhibitory()), Check.number(model.sigma0()),
                    scale(model.recurrentScale()), scale(model.inputScale()), scale(model.outputScale()), Check.number(Checks.SIGMAS), Checks.alphaText());
            out.flush();
            return report(out, ConnectomeStats.check(tables));
        }
    }

    /** Prints the checks and a summary; the exit code under --check. */
    private int report(PrintWriter out, List<Check> checks) {
        for (Check line : checks) {
            out.println(line.line());
        }
        List<Check> failed = checks.stream().filter(line -> !line.passed()).toList();
        if (failed.isEmpty()) {
            out.printf(Locale.ROOT, "%d checks: all PASS%n", checks.size());
        } else {
            out.printf(Locale.ROOT, "%d checks: %d FAIL (%s)%n", checks.size(), failed.size(),
                    failed.stream().map(Check::name).collect(Collectors.joining("; ")));
        }
        out.flush();
        if (check && !failed.isEmpty()) {
            spec.commandLine().getErr().printf(Locale.ROOT, "stats: %d of %d checks failed%n", failed.size(),
                    checks.size());
            return ConnectomeCli.EXIT_FAILED;
        }
        return 0;
    }

    /** A scale, or n/a where there is nothing to scale (p = 0, no inputs or outputs). */
    private static String scale(double value) {
        return Double.isFinite(value) ? Check.number(value) : "n/a";
    }
}
