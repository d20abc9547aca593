package sonde.recorder.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed command line: option values by long name, and the positional arguments in order. */
public final class Args {
    private final Map<String, String> values;
    private final List<String> positionals;

    private Args(Map<String, String> values, List<String> positionals) {
        this.values = Collections.unmodifiableMap(values);
        this.positionals = List.copyOf(positionals);
    }

    static Args parse(CommandSpec spec, String[] argv) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean onlyPositionals = false;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (onlyPositionals || a.equals("-") || !a.startsWith("-")) {
                positionals.add(a);
            } else if (a.equals("--")) {
                onlyPositionals = true;
            } else if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
                Opt o = find(spec, name);
                if (!o.takesValue()) {
                    if (eq >= 0) {
                        throw new UsageException("option --" + name + " takes no value (got '" + a + "')");
                    }
                    values.put(o.longName(), "true");
                } else if (eq >= 0) {
                    values.put(o.longName(), a.substring(eq + 1));
                } else if (o.optionalArg()) {
                    values.put(o.longName(), "");
                } else {
                    if (i + 1 >= argv.length) {
                        throw new UsageException("option --" + name + " needs a value (" + o.argName() + ")");
                    }
                    values.put(o.longName(), argv[++i]);
                }
            } else {
                // one or more short options: -v, -p123, -p 123, -hv
                for (int j = 1; j < a.length(); j++) {
                    char c = a.charAt(j);
                    Opt o = find(spec, c);
                    if (!o.takesValue()) {
                        values.put(o.longName(), "true");
                        continue;
                    }
                    if (j + 1 < a.length()) {
                        values.put(o.longName(), a.substring(j + 1));
                    } else if (i + 1 < argv.length) {
                        values.put(o.longName(), argv[++i]);
                    } else {
                        throw new UsageException("option -" + c + " needs a value (" + o.argName() + ")");
                    }
                    break;
                }
            }
        }
        for (Opt o : spec.options()) {
            if (o.isPath() && "".equals(values.get(o.longName()))) {
                throw new UsageException("bad --" + o.longName() + " '': an empty path names no "
                        + (o.argName().equals("FILE") ? "file" : "directory"));
            }
        }
        return new Args(values, positionals);
    }

    private static Opt find(CommandSpec spec, String longName) {
        for (Opt o : spec.options()) {
            if (o.longName().equals(longName)) {
                return o;
            }
        }
        throw new UsageException("unknown option --" + longName);
    }

    private static Opt find(CommandSpec spec, char shortName) {
        for (Opt o : spec.options()) {
            if (o.shortName() == shortName) {
                return o;
            }
        }
        throw new UsageException("unknown option -" + shortName);
    }

    public boolean has(String longName) {
        return values.containsKey(longName);
    }

    /** The value given, or null when the option was not given. */
    public String get(String longName) {
        return values.get(longName);
    }

    public String get(String longName, String orElse) {
        return values.getOrDefault(longName, orElse);
    }

    public List<String> positionals() {
        return positionals;
    }

    /** Options as given, for the recording metadata. */
    public Map<String, String> values() {
        return values;
    }

    /** The value of an integer option within [min, max], or the default when absent. */
    public int intValue(String longName, int orElse, int min, int max) {
        String v = values.get(longName);
        if (v == null) {
            return orElse;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new UsageException("bad --" + longName + " '" + v + "': must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("bad --" + longName + " '" + v + "': not a whole number");
        }
    }

    /** A duration option in nanoseconds (see {@link Durations}), or the default when absent. */
    public long durationNs(String longName, long orElseNs) {
        String v = values.get(longName);
        return v == null ? orElseNs : Durations.parseNs("--" + longName, v);
    }

    /** Rejects more positional arguments than the command takes. */
    public void atMostPositionals(int n) {
        if (positionals.size() > n) {
            throw new UsageException("unexpected argument '" + positionals.get(n) + "'");
        }
    }
}
