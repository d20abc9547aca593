package sonde.recorder.cli;

/**
 * One command-line option, defined next to its documentation: the usage text is generated
 * from the table of these that a command declares.
 *
 * @param longName  name without the leading dashes ("duration")
 * @param shortName one-letter alias or 0 for none
 * @param argName   name of the value in the usage text ("DUR"); null for a flag
 * @param optionalArg true when the value may only be given as --name=VALUE and may be omitted
 * @param help      one line of help; the default, if any, is said in it
 */
public record Opt(String longName, char shortName, String argName, boolean optionalArg, String help) {

    public static Opt flag(String longName, char shortName, String help) {
        return new Opt(longName, shortName, null, false, help);
    }

    public static Opt flag(String longName, String help) {
        return new Opt(longName, (char) 0, null, false, help);
    }

    public static Opt value(String longName, char shortName, String argName, String help) {
        return new Opt(longName, shortName, argName, false, help);
    }

    public static Opt value(String longName, String argName, String help) {
        return new Opt(longName, (char) 0, argName, false, help);
    }

    /** An option whose value is optional ({@code --profile} or {@code --profile=499}). */
    public static Opt optionalValue(String longName, String argName, String help) {
        return new Opt(longName, (char) 0, argName, true, help);
    }

    public boolean takesValue() {
        return argName != null;
    }

    /**
     * Whether the value names a file or directory (FILE, DIR, DIR2): such a value may not be
     * empty, since an empty path means nothing (Java reads it as the current directory).
     */
    public boolean isPath() {
        return argName != null && (argName.equals("FILE") || argName.startsWith("DIR"));
    }

    String synopsis() {
        StringBuilder s = new StringBuilder();
        if (shortName != 0) {
            s.append('-').append(shortName).append(", ");
        }
        s.append("--").append(longName);
        if (argName != null) {
            s.append(optionalArg ? "[=" + argName + "]" : " " + argName);
        }
        return s.toString();
    }
}
