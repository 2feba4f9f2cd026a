package dev.parley.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Help that names each option's environment variable: an option whose default is
 * {@code ${env:PARLEY_X…}} gets a line "(env PARLEY_X)" under its description, so that an
 * operator setting Parley up in a container or a unit file sees what to set. Derived from the
 * default itself: a new option that reads a variable is listed with it without further work.
 */
final class EnvironmentHelp implements CommandLine.IHelpFactory {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)");

    /** The environment variable the option's default reads, if any. */
    static Optional<String> variable(OptionSpec option) {
        // the default as written (the option's own defaultValue() has the variable resolved already)
        String written = OptionSpec.builder(option).defaultValue();
        if (written == null) {
            return Optional.empty();
        }
        Matcher m = VARIABLE.matcher(written);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The note shown for the option: "(env PARLEY_X)". */
    static Optional<String> note(OptionSpec option) {
        return variable(option).map(name -> "(env " + name + ")");
    }

    @Override
    public Help create(CommandLine.Model.CommandSpec spec, Help.ColorScheme colors) {
        return new Help(spec, colors) {
            @Override
            public Help.IOptionRenderer createDefaultOptionRenderer() {
                Help.IOptionRenderer plain = super.createDefaultOptionRenderer();
                return (option, labels, scheme) -> withNote(plain.render(option, labels, scheme), option, scheme);
            }
        };
    }

    private static Text[][] withNote(Text[][] rows, OptionSpec option, Help.ColorScheme scheme) {
        Optional<String> note = note(option);
        if (note.isEmpty() || rows.length == 0) {
            return rows;
        }
        int columns = rows[0].length;
        Text[] line = new Text[columns];
        Arrays.fill(line, scheme.text(""));
        line[columns - 1] = scheme.text(note.get());
        Text[][] extended = Arrays.copyOf(rows, rows.length + 1);
        extended[rows.length] = line;
        return extended;
    }
}
