package org.connectome.export;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.connectome.model.EdgeTable;
import org.connectome.output.ChannelOutput;

/**
 * {@code export --format csr} (SPEC 8): the recurrent matrix W[post, pre] in compressed sparse rows and the dense
 * input and output matrices, as NumPy {@code .npy} files that {@code numpy.load(f, mmap_mode="r")} opens without
 * reading: {@code indptr.npy} (int64, N + 1), {@code indices.npy} (int32, the pres in table order),
 * {@code weight.npy} and {@code delay.npy} (the tables' float type), {@code input_weight.npy} (N x N_input) and
 * {@code output_weight.npy} (N_output x N), row-major. One pass over each table, in file order.
 */
final class CsrExport {
    private CsrExport() {
    }

    static void write(ExportInput input, Path directory) throws IOException {
        writeRecurrent(input, directory);
        writeDense(input, EdgeTable.INPUT, directory.resolve("input_weight.npy"), input.neurons(), input.inputs());
        writeDense(input, EdgeTable.OUTPUT, directory.resolve("output_weight.npy"), input.outputs(),
                input.neurons());
    }

    private static void writeRecurrent(ExportInput input, Path directory) throws IOException {
        long synapses = input.synapses();
        try (RecurrentRows rows = RecurrentRows.open(input);
                NpyFile indptr = new NpyFile(directory.resolve("indptr.npy"), Hdf5File.DataType.INT64,
                        input.neurons() + 1);
                NpyFile indices = new NpyFile(directory.resolve("indices.npy"), Hdf5File.DataType.INT32, synapses);
                NpyFile weight = new NpyFile(directory.resolve("weight.npy"), rows.weightType(), synapses);
                NpyFile delay = rows.delayType() == null ? null
                        : new NpyFile(directory.resolve("delay.npy"), rows.delayType(), synapses)) {
            RecurrentRows.NodeStarts starts = (node, row) -> indptr.out.putLong(row);
            for (int count = rows.next(starts); count > 0; count = rows.next(starts)) {
                indices.out.putInts(rows.pres(), 0, count);
                RecurrentRows.putValues(weight.out, rows.weights(), count);
                if (delay != null) {
                    RecurrentRows.putValues(delay.out, rows.delays(), count);
                }
            }
            indptr.finish();
            indices.finish();
            weight.finish();
            if (delay != null) {
                delay.finish();
            }
        }
    }

    /**
     * A dense table (every (first, second) cell once, sorted) as a row-major {@code rows x columns} matrix: its
     * weights in table order, with the ids checked against the cell they must be.
     */
    private static void writeDense(ExportInput input, EdgeTable table, Path file, long rows, long columns)
            throws IOException {
        long cells = rows * columns;
        try (TableColumns values = TableColumns.open(input.conf(), input.table(table),
                List.of(table.firstColumn(), table.secondColumn(), "weight"), List.of(), RecurrentRows.BATCH_ROWS);
                NpyFile out = new NpyFile(file, RecurrentRows.valueType(values, "weight", cells), rows, columns)) {
            long cell = 0;
            for (int count = values.next(); count > 0; count = values.next()) {
                if (cell + count > cells) {
                    throw new IOException("the " + table.tableName() + " table has more rows than " + rows + " x "
                            + columns);
                }
                int[] first = values.column(table.firstColumn()).ints;
                int[] second = values.column(table.secondColumn()).ints;
                for (int i = 0; i < count; i++, cell++) {
                    if (first[i] != cell / columns || second[i] != cell % columns) {
                        throw new IOException("the " + table.tableName() + " table's row " + cell + " is ("
                                + first[i] + ", " + second[i] + "), not cell (" + cell / columns + ", "
                                + cell % columns + ")");
                    }
                }
                RecurrentRows.putValues(out.out, values.column("weight"), count);
            }
            if (cell != cells) {
                throw new IOException("the " + table.tableName() + " table has " + cell + " rows, not " + rows
                        + " x " + columns);
            }
            out.finish();
        }
    }

    /** One .npy file: its header, then its values streamed. */
    private static final class NpyFile implements AutoCloseable {
        private final FileChannel channel;
        final ChannelOutput out;

        NpyFile(Path file, Hdf5File.DataType type, long... shape) throws IOException {
            byte[] header = NpyHeader.of(NpyHeader.descr(type), shape);
            long elements = 1;
            for (long dimension : shape) {
                elements = Math.multiplyExact(elements, dimension);
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            out = ChannelOutput.wholeFile(file, channel, header.length + Math.multiplyExact(elements, type.size),
                    file.getFileName().toString());
            out.put(header);
        }

        void finish() throws IOException {
            out.finish();
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } finally {
                channel.close();
            }
        }
    }
}
