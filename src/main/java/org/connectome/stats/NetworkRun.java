package org.connectome.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The per-projection aggregates of one run of a network's recurrent rows (a part of {@link RecurrentRun}, made
 * only for a network's first pass): per block the weight and delay ranges, the weight cells of
 * {@link ProjectionLaws#weightBins} and the synapses per delay step; per slot ({@link NetworkPlan}) the synapses
 * of each target and of each source, when {@code counts} (their counters fit the budget of
 * {@link RunSettings#OUT_DEGREE_CELLS} over all runs); and the delays off the grid. Runs merge by adding, so a
 * post cut between two runs needs no joining. Plain Java.
 */
final class NetworkRun implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Delay steps above this are counted at it (a delay of 10^6 steps is far outside any law's range). */
    private static final int MAX_STEP = 1 << 20;

    private final NetworkPlan plan;
    final double[] weightMin;
    final double[] weightMax;
    final double[] delayMin;
    final double[] delayMax;
    final long[][] weightCells;
    long[][] delaySteps;
    /** [slot][local target or source] synapses, or null when not counted here. */
    final int[][] inCounts;
    final int[][] outCounts;
    long offGrid;

    NetworkRun(NetworkPlan plan, boolean counts) {
        this.plan = plan;
        int blocks = plan.populations() * plan.populations();
        weightMin = filled(blocks, Double.POSITIVE_INFINITY);
        weightMax = filled(blocks, Double.NEGATIVE_INFINITY);
        delayMin = filled(blocks, Double.POSITIVE_INFINITY);
        delayMax = filled(blocks, Double.NEGATIVE_INFINITY);
        weightCells = new long[blocks][];
        delaySteps = new long[blocks][];
        for (int block = 0; block < blocks; block++) {
            weightCells[block] = new long[plan.weightBins()[block] + 2];
            delaySteps[block] = new long[0];
        }
        inCounts = counts ? new int[plan.slots()][] : null;
        outCounts = counts ? new int[plan.slots()][] : null;
        if (counts) {
            for (int slot = 0; slot < plan.slots(); slot++) {
                inCounts[slot] = new int[plan.targetSizes()[slot]];
                outCounts[slot] = new int[plan.sourceSizes()[slot]];
            }
        }
    }

    boolean counts() {
        return inCounts != null;
    }

    /** One row with ids in range, of populations {@code source} and {@code target}. */
    void add(long post, long pre, int source, int target, double weight, boolean finite, double delay) {
        int block = source * plan.populations() + target;
        if (finite) {
            weightMin[block] = Math.min(weightMin[block], weight);
            weightMax[block] = Math.max(weightMax[block], weight);
        }
        boolean hasDelay = Math.abs(delay) <= Double.MAX_VALUE;
        if (hasDelay) {
            delayMin[block] = Math.min(delayMin[block], delay);
            delayMax[block] = Math.max(delayMax[block], delay);
            if (plan.resolution() > 0) {
                double steps = delay / plan.resolution();
                double step = Math.rint(steps);
                if (Math.abs(steps - step) > 1e-6) {
                    offGrid++;
                }
                int at = (int) Math.max(0, Math.min(MAX_STEP, step));
                if (at >= delaySteps[block].length) {
                    delaySteps[block] = Arrays.copyOf(delaySteps[block], Math.max(at + 1, 2 * delaySteps[block].length));
                }
                delaySteps[block][at]++;
            }
        }
        int slot = plan.slotOf()[block];
        if (slot < 0) {
            return;
        }
        if (finite) {
            int bins = plan.weightBins()[block];
            double bin = Math.floor((weight - plan.weightLow()[block]) / plan.weightWidth()[block]);
            weightCells[block][bin < 0 ? 0 : bin >= bins ? bins + 1 : (int) bin + 1]++;
        }
        if (inCounts != null) {
            inCounts[slot][(int) (post - plan.firsts()[target]) + plan.targetOffset()[slot][target]]++;
            outCounts[slot][(int) (pre - plan.firsts()[source]) + plan.sourceOffset()[slot][source]]++;
        }
    }

    /** Adds another run's aggregates to these. */
    void merge(NetworkRun other) {
        for (int block = 0; block < weightMin.length; block++) {
            weightMin[block] = Math.min(weightMin[block], other.weightMin[block]);
            weightMax[block] = Math.max(weightMax[block], other.weightMax[block]);
            delayMin[block] = Math.min(delayMin[block], other.delayMin[block]);
            delayMax[block] = Math.max(delayMax[block], other.delayMax[block]);
            add(weightCells[block], other.weightCells[block]);
            if (other.delaySteps[block].length > delaySteps[block].length) {
                delaySteps[block] = Arrays.copyOf(delaySteps[block], other.delaySteps[block].length);
            }
            add(delaySteps[block], other.delaySteps[block]);
        }
        offGrid += other.offGrid;
        if (inCounts != null && other.inCounts != null) {
            for (int slot = 0; slot < inCounts.length; slot++) {
                add(inCounts[slot], other.inCounts[slot]);
                add(outCounts[slot], other.outCounts[slot]);
            }
        }
    }

    private static void add(long[] into, long[] values) {
        for (int i = 0; i < values.length; i++) {
            into[i] += values[i];
        }
    }

    private static void add(int[] into, int[] values) {
        for (int i = 0; i < values.length; i++) {
            into[i] += values[i];
        }
    }

    private static double[] filled(int length, double value) {
        double[] values = new double[length];
        Arrays.fill(values, value);
        return values;
    }
}
