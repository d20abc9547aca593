package sonde.recorder.cli;

/**
 * A failure the user can act on (missing privileges, missing tracefs, a bad file, bad SQL):
 * printed as one lowercase line naming the step and the value, optionally followed by a hint
 * line saying what to do; exit 1, no stack trace unless -v.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String hint;

    public UserError(String message) {
        this(message, null, null);
    }

    public UserError(String message, String hint) {
        this(message, hint, null);
    }

    public UserError(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    /** What to do about it, or null. */
    public String hint() {
        return hint;
    }
}
