package org.connectome.cli;

import org.apache.spark.sql.SparkSession;
import org.connectome.model.InvalidParameterException;

/** The Spark session of a command: the active one if any (tests, notebooks), else a new one, stopped after. */
final class SparkSessions {
    private SparkSessions() {
    }

    record Handle(SparkSession session, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                session.stop();
            }
        }
    }

    static Handle open(String appName) {
        if (SparkSession.getDefaultSession().isDefined()) {
            return new Handle(SparkSession.getDefaultSession().get(), false);
        }
        try {
            return new Handle(SparkSession.builder().appName(appName).getOrCreate(), true);
        } catch (Exception e) { // Scala code throws checked SparkException undeclared
            if (String.valueOf(e.getMessage()).contains("master URL")) {
                throw new InvalidParameterException("no Spark master is set: run through submit/connectome"
                        + " (local) or spark-submit (cluster), or pass -Dspark.master=local[*]");
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }
}
