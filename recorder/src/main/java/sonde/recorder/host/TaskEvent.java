package sonde.recorder.host;

import sonde.recorder.event.Timed;

/**
 * A process exec'd or a thread exited: per-process state (file descriptors) must be forgotten.
 *
 * @param comm after an exec, the new command name (the program's base name, 15 characters)
 */
public record TaskEvent(Kind kind, long tsNs, long seq, int tid, int tgid, boolean groupDead, String comm)
        implements Timed {

    /** sched:sched_process_exec or sched:sched_process_exit. */
    public enum Kind { EXEC, EXIT }
}
