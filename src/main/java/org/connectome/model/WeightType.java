package org.connectome.model;

import java.util.Locale;

/**
 * How weights are stored: DOUBLE (the default, as the reference) or 4-byte FLOAT for users who simulate in
 * float32. The model always draws weights in double precision; a FLOAT table holds each one rounded to the
 * nearest float, so both types describe the same synapses.
 */
public enum WeightType {
    DOUBLE,
    FLOAT;

    /** The name on the command line, in connectome.json and as the data source's option value. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type of a table's weights: SPEC 4 gives the recurrent table this type; the input and output tables keep
     * DOUBLE weights.
     */
    public WeightType of(EdgeTable table) {
        return table == EdgeTable.RECURRENT ? this : DOUBLE;
    }

    public static WeightType parse(String text) {
        for (WeightType type : values()) {
            if (type.cliName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw new InvalidParameterException("--weight-type must be double or float (got '" + text + "')");
    }
}
