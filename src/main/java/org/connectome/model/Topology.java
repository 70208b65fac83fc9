package org.connectome.model;

import java.util.Locale;

/** Connectivity rule. The reference implements only {@code random}; the option exists so that others can join. */
public enum Topology {
    /** N_syn distinct cells chosen uniformly among the allowed cells (SPEC 1). */
    RANDOM;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Topology parse(String name) {
        for (Topology topology : values()) {
            if (topology.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return topology;
            }
        }
        throw new InvalidParameterException("unknown topology '" + name + "': the only one supported is random");
    }
}
