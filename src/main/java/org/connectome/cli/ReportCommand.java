package org.connectome.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.connectome.model.InvalidParameterException;
import org.connectome.report.ConnectomeReport;
import org.connectome.engine.Format;
import org.connectome.stats.ConnectomeTables;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code connectome report PATH --out FILE.html}: the connectome against its laws, as one HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes one self-contained HTML page of a written connectome against its laws: the model,"
                + " its tables, in- and out-degree histograms with their exact laws, weight histograms per source"
                + " population with their densities, delays when present, the connection-probability matrix"
                + " between populations, the E/I balance and the checks of 'connectome stats'.",
            "The page needs no network: its style and plots are inside it."},
        footer = {"%nExamples:",
            "  connectome report /tmp/net --out /tmp/net.html",
            "%nExit codes: 0 written, 1 the run failed, 2 bad input (e.g. no connectome.json)."})
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "A connectome written by 'connectome generate'.")
    private String path;

    @Option(names = "--out", required = true, paramLabel = "FILE.html",
            description = "The page to write: a local path or any Hadoop URI; an existing file is replaced.")
    private String out;

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        System.setProperty("java.awt.headless", "true");
        PrintWriter console = spec.commandLine().getOut();
        try (SparkSessions.Handle spark = SparkSessions.open("connectome report")) {
            ConnectomeTables tables = ConnectomeTables.open(spark.session(), path);
            Path target = new Path(out);
            FileSystem fileSystem = target.getFileSystem(spark.session().sparkContext().hadoopConfiguration());
            if (fileSystem.exists(target) && fileSystem.getFileStatus(target).isDirectory()) {
                throw new InvalidParameterException("--out " + out + " is a directory; name the HTML file to write");
            }
            ConnectomeReport.Result report = ConnectomeReport.build(tables, started);
            byte[] html = report.html().getBytes(StandardCharsets.UTF_8);
            try (OutputStream stream = fileSystem.create(target, true)) {
                stream.write(html);
            }
            long failed = report.checks().stream().filter(check -> !check.passed()).count();
            console.printf(Locale.ROOT, "connectome report: wrote %s (%s) in %s; %d checks, %s%n", out,
                    Format.bytes(html.length), Format.duration((System.nanoTime() - started) / 1e9),
                    report.checks().size(), failed == 0 ? "all PASS" : failed + " FAIL");
            console.flush();
            return 0;
        }
    }
}
