package org.connectome.export;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The neuron populations of a connectome, read from its neurons table: the distinct names in id order, each a
 * contiguous range of ids (SPEC 7 gives ids out population by population). Node and edge types follow from them.
 *
 * @param names  population names in id order
 * @param starts first id of each population, and the neuron count last
 */
record Populations(List<String> names, long[] starts) {
    /** Reads the neurons table (ids 0 .. N-1 in order) and checks that each population is one range. */
    static Populations read(Configuration conf, Path neuronsTable, long neurons) throws IOException {
        List<String> names = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        long id = 0;
        String current = null;
        try (TableColumns table = TableColumns.open(conf, neuronsTable, List.of("id", "population"), List.of(),
                1 << 16)) {
            if (neurons > 0 && table.type("population") != org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY) {
                throw new IOException(neuronsTable + ": population is not a string column");
            }
            for (int rows = table.next(); rows > 0; rows = table.next()) {
                int[] ids = table.column("id").ints;
                var populations = table.column("population").binaries;
                for (int i = 0; i < rows; i++, id++) {
                    if (ids[i] != id) {
                        throw new IOException(neuronsTable + ": id " + ids[i] + " where " + id + " was expected"
                                + " (ids 0 .. N-1 in order)");
                    }
                    String name = populations[i].toStringUsingUTF8();
                    if (!name.equals(current)) {
                        if (names.contains(name)) {
                            throw new IOException(neuronsTable + ": population " + name + " is not one contiguous"
                                    + " range of ids (it resumes at id " + id + ")");
                        }
                        names.add(name);
                        starts.add(id);
                        current = name;
                    }
                }
            }
        }
        if (id != neurons) {
            throw new IOException(neuronsTable + " has " + id + " rows; connectome.json says " + neurons);
        }
        long[] bounds = new long[names.size() + 1];
        for (int i = 0; i < names.size(); i++) {
            bounds[i] = starts.get(i);
        }
        bounds[names.size()] = neurons;
        return new Populations(List.copyOf(names), bounds);
    }

    int count() {
        return names.size();
    }

    long size(int population) {
        return starts[population + 1] - starts[population];
    }

    /**
     * The first ids of populations 1 .. P-1 (ids are below 2^31): a neuron's population is how many of them it
     * reaches, a count without branches.
     */
    int[] bounds() {
        int[] bounds = new int[Math.max(0, count() - 1)];
        for (int p = 1; p < count(); p++) {
            bounds[p - 1] = (int) starts[p];
        }
        return bounds;
    }
}
