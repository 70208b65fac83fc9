package org.connectome.report;

/**
 * A population of the neurons table: its name and how many neurons it has; {@code firstId} and
 * {@code lastId} bound its ids.
 */
public record Population(String name, long size, long firstId, long lastId) {
    /** Whether its ids are exactly {@code firstId .. lastId}, so that a range test tells its members. */
    public boolean contiguous() {
        return lastId - firstId + 1 == size;
    }
}
