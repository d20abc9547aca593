package sonde.recorder.cli;

/** A bad command line: the caller prints the reason and the usage line and exits 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String reason) {
        super(reason);
    }
}
