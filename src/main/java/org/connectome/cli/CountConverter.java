package org.connectome.cli;

import java.math.BigDecimal;
import picocli.CommandLine;

/** Whole numbers as people write them for large networks: {@code 100000}, {@code 1e9}, {@code 1_000_000}. */
final class CountConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return new BigDecimal(value.trim().replace("_", "")).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a whole number (write 100000, 1e5 or 100_000)");
        }
    }
}
