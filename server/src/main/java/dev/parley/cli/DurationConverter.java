package dev.parley.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A duration on the command line: a number with s, m, h or d ({@code 90s}, {@code 8h}, {@code 30d}), or ISO-8601 ({@code PT8H}). */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");

    @Override
    public Duration convert(String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        Matcher m = SHORT.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value.strip());
        } catch (RuntimeException e) {
            throw new TypeConversionException("not a duration (e.g. 90s, 30m, 8h, 30d): " + value);
        }
    }
}
