package sonde.recorder.writeback;

import sonde.recorder.host.Tasks;
import sonde.recorder.tracefs.EventFormat;
import sonde.recorder.tracefs.Field;
import sonde.recorder.tracefs.TraceInstance;
import sonde.recorder.tracefs.TraceSession;
import sonde.recorder.tracefs.TracepointHandler;

/**
 * Enables and decodes the tracepoints of writeback attribution; the attribution itself reads
 * them back in time order, together with the block events.
 */
public final class WritebackTracepoints {
    private WritebackTracepoints() {
    }

    /**
     * Enables them and routes the events to {@code attribution}. The dirtying task is looked up
     * as soon as its record is decoded, so that /proc still has it, and its name is taken in
     * time order, after any exec before it.
     */
    public static void enable(TraceSession session, Tasks tasks, WritebackAttribution attribution) {
        TraceInstance in = session.instance();
        EventFormat dirty = in.format("writeback", "writeback_dirty_folio");
        EventFormat start = in.format("writeback", "writeback_single_inode_start");
        EventFormat end = in.format("writeback", "writeback_single_inode");
        EventFormat synced = in.format("filemap", "file_check_and_advance_wb_err");
        Field pid = dirty.field("common_pid");
        Field dName = dirty.field("name");
        Field dIno = dirty.field("ino");
        Field dIndex = dirty.field("index");
        // the dirtying or syncing task is looked up as soon as its record is read (it may exit soon)
        TracepointHandler lookUp = (cpu, ts, b, e) -> tasks.prefetch(pid.getInt(b, e));
        session.register(dirty, TracepointHandler.withEarly((cpu, ts, b, e) -> attribution.onEvent(new WritebackEvent(
                WritebackEvent.Kind.DIRTY, ts, pid.getInt(b, e), dName.getString(b, e), dIno.getLong(b, e),
                dIndex.getLong(b, e))), lookUp));
        for (EventFormat f : new EventFormat[] {start, end}) {
            WritebackEvent.Kind kind = f == start ? WritebackEvent.Kind.INODE_START : WritebackEvent.Kind.INODE_END;
            Field name = f.field("name");
            Field ino = f.field("ino");
            Field index = f.field("writeback_index");
            session.register(f, (cpu, ts, b, e) -> attribution.onEvent(new WritebackEvent(kind, ts, pid.getInt(b, e),
                    name.getString(b, e), ino.getLong(b, e), index.getLong(b, e))));
        }
        Field sIno = synced.field("i_ino");
        session.register(synced, TracepointHandler.withEarly((cpu, ts, b, e) -> attribution.onEvent(new WritebackEvent(
                WritebackEvent.Kind.SYNCED, ts, pid.getInt(b, e), "", sIno.getLong(b, e), 0)), lookUp));
        for (EventFormat f : new EventFormat[] {dirty, start, end, synced}) {
            in.enable(f, null);
        }
    }
}
