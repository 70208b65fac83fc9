package org.connectome.engine;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import org.apache.hadoop.conf.Configuration;
import org.connectome.kernel.Slice;
import org.connectome.model.ConnectomeModel;
import org.connectome.model.EdgeTable;
import org.connectome.model.WeightType;
import org.connectome.parquet.ParquetLayout;
import org.connectome.parquet.SliceFiles;
import org.connectome.parquet.SliceWriter;
import org.connectome.parquet.WrittenFile;

/**
 * One unit of work an engine schedules: a slice of a table, generated and written to its deterministic files.
 * A pure function of its fields: any attempt, on any thread or executor, writes the same bytes ({@code directWrites}
 * only decides whether they pass through the page cache).
 */
public record SliceTask(ConnectomeModel model, WeightType weightType, ParquetLayout layout, EdgeTable table,
        Slice slice, SliceFiles files, boolean directWrites) implements Serializable {

    /** What a successful attempt published. */
    public record Result(EdgeTable table, int slice, List<WrittenFile> files) implements Serializable {
    }

    /**
     * Runs one attempt.
     *
     * @param attempt  an id no other attempt of this run uses
     * @param progress told the rows of each written batch; may throw to stop the attempt
     */
    public Result run(Configuration conf, String attempt, LongConsumer progress) throws IOException {
        SliceWriter writer = new SliceWriter(conf, layout, directWrites);
        List<WrittenFile> written = table == EdgeTable.NEURONS
                ? writer.writeNeurons(slice.start(), slice.end(), populationNames(model), files, attempt, progress)
                : writer.writeEdges(table, weightType.of(table), slice.edges(model, table), files, attempt, progress);
        return new Result(table, files.slice(), written);
    }

    /**
     * The population name of each id: a network's populations, or for the reference's model 'E' below the
     * excitatory count and 'I' from it on (shared constants).
     */
    static IntFunction<String> populationNames(ConnectomeModel model) {
        if (model.network() != null) {
            org.connectome.model.Network network = model.network();
            return id -> network.populationOf(id).name();
        }
        int excitatory = model.excitatoryNeurons();
        return id -> id < excitatory ? "E" : "I";
    }
}
