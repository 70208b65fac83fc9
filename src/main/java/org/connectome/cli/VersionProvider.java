package org.connectome.cli;

import org.connectome.output.Manifest;
import picocli.CommandLine;

/** {@code --version}: the generator's and Spark's version. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"connectome " + Manifest.generatorVersion() + " (Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ")"};
    }
}
