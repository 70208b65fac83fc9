package org.connectome.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.connectome.model.InvalidParameterException;
import org.connectome.output.OutputLocation;

/**
 * {@code connectome export}: a written connectome into the files a simulator or an array library loads. The files
 * are written into a hidden staging directory beside the target and published by one rename once all are complete
 * ({@link OutputLocation}), so a failed export leaves nothing that looks complete.
 */
public final class Exporter {
    private Exporter() {
    }

    /** What an export wrote. */
    public record Result(long neurons, long synapses, Map<String, Long> fileBytes, double seconds) {
        public long totalBytes() {
            return fileBytes.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Exports {@code connectome} to the local directory {@code out}. Bad input (no connectome.json, an existing
     * {@code out} without {@code overwrite}, a directory that cannot be written) is an
     * {@link InvalidParameterException} before anything is written.
     */
    public static Result export(String connectome, ExportFormat format, String out, boolean overwrite,
            Configuration conf) throws IOException {
        long start = System.nanoTime();
        ExportInput input = ExportInput.open(connectome, conf);
        OutputLocation location = OutputLocation.prepare(out, overwrite, conf);
        if (!(location.fileSystem() instanceof LocalFileSystem)) {
            location.discard();
            throw new InvalidParameterException("export writes to a local directory, not " + location.target()
                    + " (simulators memory-map and seek in these files)");
        }
        boolean published = false;
        try {
            Path staging = Paths.get(location.staging().toUri());
            switch (format) {
                case SONATA -> SonataExport.write(input, staging);
                case CSR -> CsrExport.write(input, staging);
                default -> throw new IllegalStateException(format.name());
            }
            Map<String, Long> sizes = sizes(staging);
            location.publish();
            published = true;
            return new Result(input.neurons(), input.synapses(), sizes, (System.nanoTime() - start) / 1e9);
        } finally {
            if (!published) {
                location.discard();
            }
        }
    }

    private static Map<String, Long> sizes(Path directory) throws IOException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                if (Files.isRegularFile(file)) {
                    sizes.put(directory.relativize(file).toString(), Files.size(file));
                }
            }
        }
        return sizes;
    }
}
