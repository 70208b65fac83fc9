package org.connectome.kernel;

import org.connectome.model.InvalidParameterException;

/** Under {@code repair}, a post neuron was given all N cells, so its autapse has nowhere to move (SPEC 1.2). */
public final class FullRowException extends InvalidParameterException {
    private static final long serialVersionUID = 1L;

    public FullRowException(int post, int neurons) {
        super("post neuron " + post + " was drawn all " + neurons + " possible synapses, so its autapse cannot be"
                + " repaired; use --autapses exclude (or allow), fewer synapses, or another --seed");
    }

    /** A network projection's row under repair (SPEC 7): names the projection and the neuron. */
    public FullRowException(int projection, int post, long sources) {
        super("projections[" + projection + "]: post neuron " + post + " was drawn all " + sources + " possible"
                + " synapses of its sources, so its autapse cannot be repaired; use autapses: exclude (or allow),"
                + " multapses: true, fewer synapses, or another --seed");
    }
}
