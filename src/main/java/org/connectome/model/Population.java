package org.connectome.model;

import java.io.Serializable;

/**
 * A population: the ids {@code [first, first + size)}, given out in the spec's order.
 *
 * @param excitatory its kind; Dale's law gives weights from it the sign {@code >= 0}, else {@code <= 0}
 */
public record Population(String name, int first, int size, boolean excitatory) implements Serializable {
    public int end() {
        return first + size;
    }
}
