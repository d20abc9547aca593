package sonde.recorder;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM ask the recorder to finish cleanly (flush, close files, summarize); a
 * second signal while finishing gives up at once, leaving only hidden temporary files.
 */
final class StopSignal {
    private volatile String received;

    void install() {
        Signal.handle(new Signal("INT"), this::onSignal);
        Signal.handle(new Signal("TERM"), this::onSignal);
    }

    private void onSignal(Signal s) {
        if (received != null) {
            System.err.println("sonde record: second SIG" + s.getName() + ", exiting without finishing the open files");
            Runtime.getRuntime().halt(128 + s.getNumber());
        }
        received = "SIG" + s.getName();
    }

    boolean stopRequested() {
        return received != null;
    }

    /** SIGINT or SIGTERM, or null. */
    String received() {
        return received;
    }
}
