package org.connectome.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.connectome.export.ExportFormat;
import org.connectome.export.Exporter;
import org.connectome.output.NioLocalFileSystem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code connectome export}: a written connectome as SONATA files or NumPy CSR arrays (SPEC 8). No Spark. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Exports a written connectome for simulators and array libraries, streaming its tables.",
            "  sonata: circuit_config.json, simulation_config.json, nodes.h5, node_types.csv, edges.h5,"
                    + " edge_types.csv (NEST SonataNetwork, libsonata, BMTK); the recurrent network only.",
            "  csr:    indptr.npy, indices.npy, weight.npy [, delay.npy], input_weight.npy,"
                    + " output_weight.npy (numpy.load(f, mmap_mode=\"r\")).%n"},
        footer = {"%nExamples:",
            "  connectome export /tmp/net --format sonata --out /tmp/net-sonata",
            "  connectome export /tmp/net --format csr --out /tmp/net-csr --overwrite",
            "%nExit codes: 0 done, 1 the export failed (nothing is left behind), 2 bad input (e.g. no"
                    + " connectome.json, an existing --out without --overwrite)."})
final class ExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "A connectome written by 'connectome generate'.")
    private String path;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "sonata or csr.")
    private ExportFormat format;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The directory to create (local).")
    private String out;

    @Option(names = "--overwrite", description = "Replace an existing DIR, only once the export is complete.")
    private boolean overwrite;

    @Override
    public Integer call() throws Exception {
        // No Spark: Hadoop's local file system with java.nio permissions, as the local engine uses (no chmod forks).
        Exporter.Result result = Exporter.export(path, format, out, overwrite,
                NioLocalFileSystem.configure(new Configuration()));
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf(Locale.ROOT, "connectome export: %,d neurons, %,d synapses as %s to %s in %.1f s (%.1f MB,"
                + " %.1f bytes/synapse)%n", result.neurons(), result.synapses(),
                format.name().toLowerCase(Locale.ROOT), out, result.seconds(), result.totalBytes() / 1e6,
                result.synapses() == 0 ? 0.0 : (double) result.totalBytes() / result.synapses());
        result.fileBytes().forEach((file, bytes) -> {
            if (bytes >= 4096) {
                printer.printf(Locale.ROOT, "  %-22s %,16d bytes%n", file, bytes);
            }
        });
        printer.flush();
        return 0;
    }
}
