package sonde.recorder.event;

/** An event with a kernel CLOCK_MONOTONIC time stamp and a decode sequence number for ties. */
public interface Timed {
    long tsNs();

    /** Order in which the event was decoded: keeps same-CPU events with equal stamps in order. */
    long seq();
}
