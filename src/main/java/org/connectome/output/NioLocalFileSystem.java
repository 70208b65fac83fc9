package org.connectome.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system (checksums and all), except that permissions are set through java.nio: without
 * Hadoop's native library, {@code RawLocalFileSystem} forks a {@code chmod} process for every file and directory
 * it creates, about 17 forks and a quarter to half a second of a small run. Used by the local engine only
 * ({@link #configure}); Spark's executors keep their own file systems.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
    public NioLocalFileSystem() {
        super(new NioRawLocalFileSystem());
    }

    /**
     * Makes {@code conf} resolve {@code file:} to this class. Uncached, so that a file system cached earlier in the
     * JVM (by Spark, in tests) cannot stand in for it.
     */
    public static Configuration configure(Configuration conf) {
        conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        return conf;
    }

    /**
     * The file system of {@code path}: for a local path under a configuration made by {@link #configure}, an
     * instance of this class made directly; otherwise Hadoop's own lookup. Hadoop's first lookup in a JVM
     * instantiates every file system its jars declare (ServiceLoader), and ViewFileSystem's constructor logs the
     * user in (UserGroupInformation): about a quarter of a second of a small run, for a scheme already known.
     */
    public static FileSystem of(Path path, Configuration conf) throws IOException {
        if (isLocal(path, conf) && NioLocalFileSystem.class.getName().equals(conf.get("fs.file.impl"))) {
            FileSystem fileSystem = new NioLocalFileSystem();
            fileSystem.initialize(URI.create("file:///"), conf);
            return fileSystem;
        }
        return path.getFileSystem(conf);
    }

    /** Whether {@code path} is on the local file system: {@code file:}, or no scheme and a local default. */
    public static boolean isLocal(Path path, Configuration conf) {
        String scheme = path.toUri().getScheme();
        return "file".equals(scheme != null ? scheme : FileSystem.getDefaultUri(conf).getScheme());
    }

        /** The raw local file system with java.nio permissions. */
    static final class NioRawLocalFileSystem extends RawLocalFileSystem {
        @Override
        public void setPermission(Path path, FsPermission permission) throws IOException {
            Files.setPosixFilePermissions(pathToFile(path).toPath(), posix(permission));
        }

        static Set<PosixFilePermission> posix(FsPermission permission) {
            Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
            add(set, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE);
            add(set, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE);
            add(set, permission.getOtherAction(), PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
            return set;
        }

        private static void add(Set<PosixFilePermission> set, FsAction action, PosixFilePermission read,
                PosixFilePermission write, PosixFilePermission execute) {
            if (action.implies(FsAction.READ)) {
                set.add(read);
            }
            if (action.implies(FsAction.WRITE)) {
                set.add(write);
            }
            if (action.implies(FsAction.EXECUTE)) {
                set.add(execute);
            }
        }
    }
}
