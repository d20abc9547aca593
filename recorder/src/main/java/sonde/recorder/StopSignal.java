package sonde.recorder;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM ask a command to finish cleanly (flush, close files, summarize); a second
 * signal while finishing gives up at once, leaving only hidden temporary files.
 */
public final class StopSignal {
    private final String command;
    private volatile String received;
    private volatile Runnable onStop = () -> { };

    /** @param command the command word for the message ("record", "ingest") */
    public StopSignal(String command) {
        this.command = command;
    }

    public void install() {
        Signal.handle(new Signal("INT"), this::onSignal);
        Signal.handle(new Signal("TERM"), this::onSignal);
    }

    /** Installs the handlers and runs {@code onStop} (on the signal thread) at the first signal, e.g. to wake a blocked poll. */
    public void install(Runnable onStop) {
        this.onStop = onStop;
        install();
    }

    private void onSignal(Signal s) {
        if (received != null) {
            System.err.println("sonde " + command + ": second SIG" + s.getName() + ", exiting without finishing the open files");
            Runtime.getRuntime().halt(128 + s.getNumber());
        }
        received = "SIG" + s.getName();
        onStop.run();
    }

    public boolean stopRequested() {
        return received != null;
    }

    /** SIGINT or SIGTERM, or null. */
    public String received() {
        return received;
    }
}
