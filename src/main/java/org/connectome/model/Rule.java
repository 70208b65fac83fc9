package org.connectome.model;

import java.util.Locale;

/** NEST's connection rules (SPEC 7), by their NEST names. */
public enum Rule {
    /** Exactly N synapses among the target x source cells (NEST's {@code fixed_total_number}). */
    FIXED_TOTAL_NUMBER,
    /** Every cell independently with probability p, never a multapse (NEST's {@code pairwise_bernoulli}). */
    PAIRWISE_BERNOULLI,
    /** Every target draws exactly K sources (NEST's {@code fixed_indegree}). */
    FIXED_INDEGREE,
    /** Every source draws exactly K targets (NEST's {@code fixed_outdegree}). */
    FIXED_OUTDEGREE;

    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rule of a spec name, or null. */
    static Rule of(String name) {
        for (Rule rule : values()) {
            if (rule.specName().equals(name)) {
                return rule;
            }
        }
        return null;
    }
}
