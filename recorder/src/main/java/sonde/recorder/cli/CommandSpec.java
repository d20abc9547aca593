package sonde.recorder.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A command's help in the fixed shape: one-line summary, USAGE line, option list generated
 * from the option table, commented EXAMPLES.
 */
public final class CommandSpec {
    public static final Opt HELP = Opt.flag("help", 'h', "show this help and exit");
    public static final Opt VERBOSE = Opt.flag("verbose", 'v', "print stack traces and debug detail on errors");

    private final String name;
    private final String summary;
    private final String usage;
    private final List<Opt> options;
    private final List<String> examples;

    /**
     * @param name     as typed after "sonde" ("top")
     * @param summary  one line saying what it measures or does
     * @param usage    the synopsis after "sonde NAME"
     * @param options  option table; --help and --verbose are added
     * @param examples alternating command and comment
     */
    public CommandSpec(String name, String summary, String usage, List<Opt> options, List<String> examples) {
        if (examples.size() % 2 != 0) {
            throw new IllegalArgumentException("examples come in (command, comment) pairs");
        }
        this.name = name;
        this.summary = summary;
        this.usage = usage;
        List<Opt> all = new ArrayList<>(options);
        all.add(HELP);
        all.add(VERBOSE);
        this.options = List.copyOf(all);
        this.examples = List.copyOf(examples);
    }

    public String name() {
        return name;
    }

    public List<Opt> options() {
        return options;
    }

    public String usageLine() {
        return "USAGE: sonde " + name + " " + usage;
    }

    public String help() {
        StringBuilder s = new StringBuilder();
        s.append(summary).append("\n\n").append(usageLine()).append("\n\nOPTIONS:\n");
        int width = 0;
        for (Opt o : options) {
            width = Math.max(width, o.synopsis().length());
        }
        for (Opt o : options) {
            s.append("  ").append(pad(o.synopsis(), width)).append("  ").append(o.help()).append('\n');
        }
        if (!examples.isEmpty()) {
            s.append("\nEXAMPLES:\n");
            int ew = 0;
            for (int i = 0; i < examples.size(); i += 2) {
                ew = Math.max(ew, examples.get(i).length());
            }
            for (int i = 0; i < examples.size(); i += 2) {
                s.append("  ").append(pad(examples.get(i), ew)).append("  # ").append(examples.get(i + 1)).append('\n');
            }
        }
        return s.toString();
    }

    public Args parse(String[] argv) {
        return Args.parse(this, argv);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
