package org.connectome.output;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.connectome.model.EdgeTable;
import org.connectome.model.InvalidParameterException;

/**
 * Where a connectome is written, on any Hadoop file system. Tables are written into a hidden staging
 * directory beside the target and published by one rename once complete, so a failed or interrupted run
 * never leaves a directory that looks like a connectome (SPEC 4); on object stores without atomic rename the
 * manifest, written last, is what marks a connectome complete.
 */
public final class OutputLocation {
    public static final String MANIFEST = "connectome.json";

    private final FileSystem fileSystem;
    private final Path target;
    private final Path staging;
    private final boolean overwrite;

    private OutputLocation(FileSystem fileSystem, Path target, boolean overwrite) {
        this.fileSystem = fileSystem;
        this.target = target;
        this.overwrite = overwrite;
        String run = UUID.randomUUID().toString().substring(0, 8);
        this.staging = new Path(target.getParent(), "." + target.getName() + ".staging-" + run);
    }

    /**
     * Checks the target and creates the staging directory: an existing target without {@code overwrite}, or
     * a location that cannot be written, is a user error, and nothing is left behind.
     */
    public static OutputLocation prepare(String uri, boolean overwrite, Configuration conf) {
        Path target;
        FileSystem fileSystem;
        try {
            target = new Path(uri);
            fileSystem = NioLocalFileSystem.of(target, conf);
            target = fileSystem.makeQualified(target);
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidParameterException("cannot use output '" + uri + "': " + oneLine(e));
        }
        if (target.getParent() == null) {
            throw new InvalidParameterException("output '" + uri + "' is a file system root; name a directory in it");
        }
        OutputLocation location = new OutputLocation(fileSystem, target, overwrite);
        try {
            if (fileSystem.exists(target) && !overwrite) {
                throw new InvalidParameterException("output " + target + " already exists; pass --overwrite to"
                        + " replace it, or choose another --out");
            }
            if (!fileSystem.mkdirs(location.staging)) {
                throw new IOException("mkdirs returned false");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidParameterException user) {
                throw user;
            }
            location.discard();
            throw new InvalidParameterException("cannot write to " + target.getParent() + ": " + oneLine(e));
        }
        return location;
    }

    /** The final location. */
    public Path target() {
        return target;
    }

    public FileSystem fileSystem() {
        return fileSystem;
    }

    /** The hidden directory everything is written into before {@link #publish}. */
    public Path staging() {
        return staging;
    }

    /** Where a table is written before publication. */
    public Path stagedTable(EdgeTable table) {
        return new Path(staging, table.tableName());
    }

    public Path stagedManifest() {
        return new Path(staging, MANIFEST);
    }

    /** Moves the complete staging directory to the target, replacing an old one only now. */
    public void publish() throws IOException {
        Path replaced = null;
        if (fileSystem.exists(target)) {
            if (!overwrite) {
                throw new IOException(target + " appeared while the connectome was generated; kept at " + staging);
            }
            replaced = new Path(staging.getParent(), staging.getName().replace(".staging-", ".replaced-"));
            rename(target, replaced);
        }
        rename(staging, target);
        if (replaced != null) {
            fileSystem.delete(replaced, true);
        }
    }

    /** Deletes the staging directory, if any; never throws. */
    public void discard() {
        try {
            fileSystem.delete(staging, true);
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the directory is hidden and holds no manifest, so it never passes for a connectome.
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fileSystem.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    /** The uri of the table directory of a written connectome. */
    public static String tablePath(String connectome, EdgeTable table) {
        return new Path(new Path(connectome), table.tableName()).toString();
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
