package sonde.recorder.vfs;

import sonde.recorder.host.Tasks;
import sonde.recorder.tracefs.EventFormat;
import sonde.recorder.tracefs.Field;
import sonde.recorder.tracefs.TraceInstance;
import sonde.recorder.tracefs.TraceSession;
import sonde.recorder.tracefs.TracepointHandler;

/**
 * The syscall and page-cache tracepoints of VFS recording, enabled in their own instance and
 * decoded by field name straight into the {@link VfsSource}, in time order. The calling task is
 * looked up as soon as its enter record is read, and closes are noted then too (see FdTable).
 */
final class VfsTracepoints {
    private final TraceSession session;
    private final TraceInstance instance;
    private final Tasks tasks;
    private final VfsSource vfs;
    private final String filter;

    private VfsTracepoints(TraceSession session, TraceInstance instance, Tasks tasks, VfsSource vfs, String comm) {
        this.session = session;
        this.instance = instance;
        this.tasks = tasks;
        this.vfs = vfs;
        this.filter = comm != null && comm.matches("[A-Za-z0-9_.:/+ -]{1,15}") ? "comm == \"" + comm + "\"" : null;
    }

    static void enable(TraceSession session, TraceInstance instance, Tasks tasks, VfsSource vfs, String comm) {
        VfsTracepoints v = new VfsTracepoints(session, instance, tasks, vfs, comm);
        for (Syscall s : Syscall.values()) {
            v.readWrite(s);
        }
        v.closes();
        v.cacheFills();
    }

    private void readWrite(Syscall s) {
        EventFormat enter = instance.format("syscalls", "sys_enter_" + s.call());
        EventFormat exit = instance.format("syscalls", "sys_exit_" + s.call());
        Field pid = enter.field("common_pid");
        Field fd = enter.field("fd");
        Field count = s.hasCount() ? enter.field("count") : null;
        Field pos = s.hasPos() ? enter.field("pos") : null;
        session.register(enter, TracepointHandler.withEarly((cpu, ts, b, e) -> vfs.enter(ts, pid.getInt(b, e), s,
                fd.getInt(b, e), count == null ? -1 : count.getLong(b, e), pos == null ? -1 : pos.getLong(b, e)),
                (cpu, ts, b, e) -> tasks.prefetch(pid.getInt(b, e))));
        Field ret = exit.field("ret");
        session.register(exit, (cpu, ts, b, e) -> vfs.exit(ts, pid.getInt(b, e), s, ret.getLong(b, e)));
        instance.enable(enter, filter);
        instance.enable(exit, filter);
    }

    private void closes() {
        EventFormat close = instance.format("syscalls", "sys_enter_close");
        Field pid = close.field("common_pid");
        Field fd = close.field("fd");
        session.register(close, TracepointHandler.withEarly((cpu, ts, b, e) -> vfs.closed(pid.getInt(b, e),
                fd.getInt(b, e)), (cpu, ts, b, e) -> vfs.closeRead(pid.getInt(b, e), fd.getInt(b, e))));
        instance.enable(close, filter);
        for (String dup : new String[] {"sys_enter_dup2", "sys_enter_dup3"}) {
            EventFormat f = instance.format("syscalls", dup);
            Field newfd = f.field("newfd");
            session.register(f, TracepointHandler.withEarly((cpu, ts, b, e) -> vfs.closed(pid.getInt(b, e),
                    newfd.getInt(b, e)), (cpu, ts, b, e) -> vfs.closeRead(pid.getInt(b, e), newfd.getInt(b, e))));
            instance.enable(f, filter);
        }
        if (instance.hasEvent("syscalls", "sys_enter_close_range")) {
            EventFormat range = instance.format("syscalls", "sys_enter_close_range");
            Field lo = range.field("fd");
            Field hi = range.field("max_fd");
            session.register(range, TracepointHandler.withEarly((cpu, ts, b, e) -> vfs.closedRange(pid.getInt(b, e),
                    lo.getInt(b, e), hi.getLong(b, e)), (cpu, ts, b, e) -> vfs.closeRangeRead(pid.getInt(b, e))));
            instance.enable(range, filter);
        }
    }

    /** Page-cache fills (bytes read from the device) and lookups (which file a read reads). */
    private void cacheFills() {
        EventFormat add = instance.format("filemap", "mm_filemap_add_to_page_cache");
        Field pid = add.field("common_pid");
        Field order = add.has("order") ? add.field("order") : null;
        Field addIno = add.field("i_ino");
        Field addDev = add.field("s_dev");
        session.register(add, (cpu, ts, b, e) -> {
            int tid = pid.getInt(b, e);
            vfs.cacheFill(tid, 4096L << (order == null ? 0 : order.getInt(b, e)));
            // also names the file: new pages are added by reads that miss and by writes that extend
            vfs.fileSeen(tid, addDev.getInt(b, e), addIno.getLong(b, e));
        });
        instance.enable(add, filter);
        if (instance.hasEvent("filemap", "mm_filemap_get_pages")) {
            EventFormat get = instance.format("filemap", "mm_filemap_get_pages");
            Field ino = get.field("i_ino");
            Field dev = get.field("s_dev");
            session.register(get, (cpu, ts, b, e) -> vfs.fileSeen(pid.getInt(b, e), dev.getInt(b, e),
                    ino.getLong(b, e)));
            instance.enable(get, filter);
        }
    }
}
