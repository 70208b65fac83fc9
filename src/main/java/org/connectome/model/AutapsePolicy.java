package org.connectome.model;

import java.util.Locale;

/** What happens to self-connections (SPEC 1.2). */
public enum AutapsePolicy {
    /**
     * The reference's {@code allow_autapse=False}: cells are chosen among all N^2, and a chosen diagonal cell
     * is moved to a uniformly chosen free column of its row. Row counts follow the law over N columns.
     */
    REPAIR,
    /** NEST's {@code allow_autapses=False}: cells are chosen among the N(N-1) off-diagonal ones. */
    EXCLUDE,
    /** The reference's {@code allow_autapse=True}: diagonal cells are kept. */
    ALLOW;

    /** The name used on the command line and in {@code connectome.json}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AutapsePolicy parse(String name) {
        for (AutapsePolicy policy : values()) {
            if (policy.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return policy;
            }
        }
        throw new InvalidParameterException(
                "unknown autapse policy '" + name + "': use repair, exclude or allow");
    }

    /** Columns a post neuron's synapses are counted over when splitting N_syn between rows. */
    public long rowWidth(int neurons) {
        return this == EXCLUDE ? neurons - 1L : neurons;
    }

    /** Whether a synapse may connect a neuron to itself. */
    public boolean keepsAutapses() {
        return this == ALLOW;
    }
}
