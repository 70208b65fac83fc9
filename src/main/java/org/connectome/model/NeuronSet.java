package org.connectome.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A union of whole populations: sorted, disjoint id ranges. Its members have local indices {@code 0 .. size-1} in
 * id order, which is how a rule counts sources (the candidates of a pre draw) and targets (the rows of a split
 * tree).
 */
public final class NeuronSet implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int[] starts;
    private final int[] ends;
    /** Members before each range. */
    private final long[] before;
    private final long size;

    public NeuronSet(List<Population> populations) {
        List<int[]> ranges = new ArrayList<>();
        populations.stream().sorted((a, b) -> Integer.compare(a.first(), b.first())).forEach(p -> {
            if (!ranges.isEmpty() && ranges.get(ranges.size() - 1)[1] == p.first()) {
                ranges.get(ranges.size() - 1)[1] = p.end();
            } else {
                ranges.add(new int[] {p.first(), p.end()});
            }
        });
        starts = new int[ranges.size()];
        ends = new int[ranges.size()];
        before = new long[ranges.size()];
        long total = 0;
        for (int i = 0; i < ranges.size(); i++) {
            starts[i] = ranges.get(i)[0];
            ends[i] = ranges.get(i)[1];
            before[i] = total;
            total += ends[i] - starts[i];
        }
        size = total;
    }

    public long size() {
        return size;
    }

    public boolean contains(int id) {
        int r = rangeOf(id);
        return r >= 0 && id < ends[r];
    }

    /** Members below {@code id}: the local index of {@code id} when it is a member. */
    public long countBelow(long id) {
        int r = rangeOf(id);
        if (r < 0) {
            return 0;
        }
        return before[r] + Math.min(id, ends[r]) - starts[r];
    }

    /** The id of the member of local index {@code index}. */
    public int idAt(long index) {
        int low = 0;
        int high = starts.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (before[mid] <= index) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return (int) (starts[low] + (index - before[low]));
    }

    /** Whether local indices map to ids by one offset (one range): the common case, mapped without a search. */
    public boolean isRange() {
        return starts.length == 1;
    }

    public int first() {
        return starts.length == 0 ? 0 : starts[0];
    }

    /** Members of both sets whose local index in this set lies in {@code [from, to)}. */
    public long sharedIn(NeuronSet other, long from, long to) {
        long shared = 0;
        for (int i = 0; i < starts.length; i++) {
            long lo = Math.max(from, before[i]);
            long hi = Math.min(to, before[i] + (ends[i] - starts[i]));
            if (lo >= hi) {
                continue;
            }
            long idLo = starts[i] + (lo - before[i]);
            long idHi = starts[i] + (hi - before[i]);
            shared += other.countBelow(idHi) - other.countBelow(idLo);
        }
        return shared;
    }

    /** The index of the last range starting at or below id, or -1. */
    private int rangeOf(long id) {
        int low = 0;
        int high = starts.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (starts[mid] <= id) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }
}
