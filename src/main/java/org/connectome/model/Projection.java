package org.connectome.model;

import java.io.Serializable;

/**
 * One projection of a network: synapses from {@code sources} onto {@code targets} by a rule.
 *
 * @param index              its place in the spec: the sub-key of all its random streams
 * @param sourceName         the spec's {@code source}, as written (for messages and connectome.json)
 * @param targetName         the spec's {@code target}
 * @param fixedCount         fixed_total_number: its synapses; fixed_indegree / fixed_outdegree: K; else 0
 * @param probability        pairwise_bernoulli: p; else 0
 * @param autapses           the policy where source and target share neurons
 * @param multapses          whether a (post, pre) pair may repeat (only where the rule can repeat one)
 * @param weightByPopulation the weight law of a synapse from each population (by population index; null outside
 *                           the source)
 * @param delay              the delay law, or null in a network without delays
 */
public record Projection(int index, String sourceName, String targetName, NeuronSet sources, NeuronSet targets,
        Rule rule, long fixedCount, double probability, AutapsePolicy autapses, boolean multapses,
        Distribution[] weightByPopulation, Distribution delay) implements Serializable {

    /** Neurons both a source and a target: where autapses can occur. */
    public long shared() {
        return targets.sharedIn(sources, 0, targets.size());
    }

    /**
     * Whether a post that is also a source leaves itself out of the candidates of its pres: under exclude and
     * repair (repair counts the row over all sources, then moves the autapse: a uniform pick of the others).
     */
    public boolean excludesSelf() {
        return autapses != AutapsePolicy.ALLOW && shared() > 0;
    }

    /** Whether row counts are drawn over the cells without the diagonal (exclude only; repair counts them all). */
    public boolean countsWithoutSelf() {
        return autapses == AutapsePolicy.EXCLUDE;
    }

    /** The cells the split tree shares the synapses among: |S||T|, minus the diagonal under exclude. */
    public long cells() {
        return sources.size() * targets.size() - (countsWithoutSelf() ? shared() : 0);
    }
}
