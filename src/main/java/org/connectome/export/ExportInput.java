package org.connectome.export;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.connectome.model.EdgeTable;
import org.connectome.model.InvalidParameterException;
import org.connectome.output.Manifest;

/**
 * What an export reads: a written connectome's counts from {@code connectome.json} (so every dataset and header is
 * sized before the first row) and its tables' locations.
 *
 * @param resolution the simulation step in ms the model was made for (0.1 ms, NEST's default, if unrecorded)
 */
record ExportInput(Configuration conf, Path root, long neurons, long synapses, long inputs, long outputs,
        long seed, double resolution) {
    static final double DEFAULT_RESOLUTION = 0.1;

    /** Opens a connectome; a path without a readable connectome.json is a user error. */
    static ExportInput open(String connectome, Configuration conf) {
        Manifest manifest = Manifest.read(connectome, conf);
        Path root = new Path(connectome);
        long neurons = rows(manifest, EdgeTable.NEURONS);
        long inputRows = rows(manifest, EdgeTable.INPUT);
        long outputRows = rows(manifest, EdgeTable.OUTPUT);
        if (neurons < 1 || inputRows % neurons != 0 || outputRows % neurons != 0) {
            throw new InvalidParameterException(connectome + ": connectome.json's row counts are inconsistent ("
                    + neurons + " neurons, " + inputRows + " input rows, " + outputRows + " output rows)");
        }
        // A network's step, from its spec as recorded; the reference's model has none.
        double resolution = manifest.model().network() != null ? manifest.model().network().resolution()
                : DEFAULT_RESOLUTION;
        return new ExportInput(conf, root, neurons, rows(manifest, EdgeTable.RECURRENT), inputRows / neurons,
                outputRows / neurons, manifest.model().seed(), resolution);
    }

    private static long rows(Manifest manifest, EdgeTable table) {
        Long rows = manifest.tableRows().get(table);
        if (rows == null) {
            throw new InvalidParameterException("connectome.json has no row count of the " + table.tableName()
                    + " table");
        }
        return rows;
    }

    Path table(EdgeTable table) {
        return new Path(root, table.tableName());
    }

    Populations populations() throws IOException {
        return Populations.read(conf, table(EdgeTable.NEURONS), neurons);
    }
}
