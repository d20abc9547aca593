package sonde.recorder.sink.kafka;

import java.util.function.Consumer;

/**
 * The outages of one recording: counted, and each announced on one line when it begins (with
 * its reason) and one when it ends (how long it lasted, how many events were spooled during it),
 * so that an SRE watching a recorder sees them as they happen, not only in the summary. Not
 * thread-safe: {@link Delivery} calls it under its lock.
 */
final class Outages {
    private final String bootstrap;
    private final Spool spool;
    private final Consumer<String> notices;
    private long count;
    private String reason;
    private boolean on;
    private long startNs;
    private long spooledBefore;

    Outages(String bootstrap, Spool spool, Consumer<String> notices) {
        this.bootstrap = bootstrap;
        this.spool = spool;
        this.notices = notices;
    }

    /** @param why one line, never null ({@link KafkaClients#reason}) */
    void begin(String why, long nowNs) {
        count++;
        reason = why;
        on = true;
        startNs = nowNs;
        spooledBefore = spool.appended();
        notices.accept(String.format("Kafka unreachable at %s (%s): spooling events to %s until it answers",
                bootstrap, why, spool.dir()));
    }

    /** Sending is direct again (the spool was sent): the end of the outage, if there was one. */
    void end(long nowNs) {
        if (on) {
            on = false;
            notices.accept(String.format("Kafka answers again at %s: an outage of %.1f s, %,d events spooled during it and"
                    + " replayed; sending directly again", bootstrap, (nowNs - startNs) / 1e9, spool.appended() - spooledBefore));
        }
    }

    long count() {
        return count;
    }

    /** Why the last outage began, or null when there was none. */
    String reason() {
        return reason;
    }
}
