package org.connectome.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * One line of the validation report: {@code name: measured vs expected [tolerance] PASS|FAIL}.
 *
 * @param name      what is checked
 * @param measured  the value found in the tables
 * @param expected  the value (or range) the model implies
 * @param tolerance how far apart they may be, and why (exact, 5 SE, a tail probability)
 * @param passed    whether the measured value is within the tolerance
 */
public record Check(String name, String measured, String expected, String tolerance, boolean passed) {
    /** The width names are padded to, so the report reads as columns. */
    public static final int NAME_WIDTH = 44;

    public String line() {
        return String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s %s vs %s [%s] %s", name + ":", measured, expected,
                tolerance, passed ? "PASS" : "FAIL");
    }

    @Override
    public String toString() {
        return line();
    }

    /** Six significant digits, plain notation for ordinary magnitudes. */
    public static String number(double value) {
        return number(value, 6);
    }

    public static String number(double value, int digits) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros();
        double magnitude = Math.abs(value);
        return magnitude >= 1e-4 && magnitude < 1e15 ? rounded.toPlainString() : rounded.toString();
    }
}
