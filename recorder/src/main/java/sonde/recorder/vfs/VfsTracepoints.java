package sonde.recorder.vfs;

import sonde.recorder.host.Tasks;
import sonde.recorder.tracefs.EventFormat;
import sonde.recorder.tracefs.Field;
import sonde.recorder.tracefs.TraceInstance;
import sonde.recorder.tracefs.TraceSession;

/**
 * The syscall and page-cache tracepoints of VFS recording, enabled in their own instance and
 * decoded by field name into {@link VfsEvent}s.
 */
final class VfsTracepoints {
    private final TraceSession session;
    private final TraceInstance instance;
    private final Tasks tasks;
    private final FdTable fds;
    private final String filter;

    private VfsTracepoints(TraceSession session, TraceInstance instance, Tasks tasks, FdTable fds, String comm) {
        this.session = session;
        this.instance = instance;
        this.tasks = tasks;
        this.fds = fds;
        this.filter = comm != null && comm.matches("[A-Za-z0-9_.:/+ -]{1,15}") ? "comm == \"" + comm + "\"" : null;
    }

    static void enable(TraceSession session, TraceInstance instance, Tasks tasks, FdTable fds, String comm) {
        VfsTracepoints v = new VfsTracepoints(session, instance, tasks, fds, comm);
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
        session.register(enter, (cpu, ts, b, e) -> session.add(new VfsEvent(VfsEvent.Kind.ENTER, ts, session.nextSeq(),
                tasks.lookup(pid.getInt(b, e)), s, fd.getInt(b, e), count == null ? -1 : count.getLong(b, e),
                pos == null ? -1 : pos.getLong(b, e))));
        Field ret = exit.field("ret");
        session.register(exit, (cpu, ts, b, e) -> session.add(new VfsEvent(VfsEvent.Kind.EXIT, ts, session.nextSeq(),
                tasks.lookup(pid.getInt(b, e)), s, -1, ret.getLong(b, e), -1)));
        instance.enable(enter, filter);
        instance.enable(exit, filter);
    }

    private void closes() {
        EventFormat close = instance.format("syscalls", "sys_enter_close");
        Field pid = close.field("common_pid");
        Field fd = close.field("fd");
        session.register(close, (cpu, ts, b, e) -> closing(ts, pid.getInt(b, e), fd.getInt(b, e)));
        instance.enable(close, filter);
        for (String dup : new String[] {"sys_enter_dup2", "sys_enter_dup3"}) {
            EventFormat f = instance.format("syscalls", dup);
            Field newfd = f.field("newfd");
            session.register(f, (cpu, ts, b, e) -> closing(ts, pid.getInt(b, e), newfd.getInt(b, e)));
            instance.enable(f, filter);
        }
        if (instance.hasEvent("syscalls", "sys_enter_close_range")) {
            EventFormat range = instance.format("syscalls", "sys_enter_close_range");
            Field lo = range.field("fd");
            Field hi = range.field("max_fd");
            session.register(range, (cpu, ts, b, e) -> {
                Tasks.Task t = tasks.lookup(pid.getInt(b, e));
                fds.closeRangeDecoded(t.tgid());
                session.add(new VfsEvent(VfsEvent.Kind.CLOSE_RANGE, ts, session.nextSeq(), t, null, lo.getInt(b, e),
                        hi.getLong(b, e), -1));
            });
            instance.enable(range, filter);
        }
    }

    private void closing(long ts, int tid, int fd) {
        Tasks.Task t = tasks.lookup(tid);
        fds.closeDecoded(t.tgid(), fd);
        session.add(new VfsEvent(VfsEvent.Kind.CLOSE, ts, session.nextSeq(), t, null, fd, -1, -1));
    }

    /** Page-cache fills (bytes read from the device) and lookups (which file a read reads). */
    private void cacheFills() {
        EventFormat add = instance.format("filemap", "mm_filemap_add_to_page_cache");
        Field pid = add.field("common_pid");
        Field order = add.has("order") ? add.field("order") : null;
        Field addIno = add.field("i_ino");
        Field addDev = add.field("s_dev");
        session.register(add, (cpu, ts, b, e) -> {
            Tasks.Task t = tasks.lookup(pid.getInt(b, e));
            session.add(new VfsEvent(VfsEvent.Kind.CACHE_FILL, ts, session.nextSeq(), t, null, -1,
                    4096L << (order == null ? 0 : order.getInt(b, e)), -1));
            // also names the file: new pages are added by reads that miss and by writes that extend
            session.add(new VfsEvent(VfsEvent.Kind.FILE_SEEN, ts, session.nextSeq(), t, null, -1, addIno.getLong(b, e),
                    addDev.getInt(b, e)));
        });
        instance.enable(add, filter);
        if (instance.hasEvent("filemap", "mm_filemap_get_pages")) {
            EventFormat get = instance.format("filemap", "mm_filemap_get_pages");
            Field ino = get.field("i_ino");
            Field dev = get.field("s_dev");
            session.register(get, (cpu, ts, b, e) -> session.add(new VfsEvent(VfsEvent.Kind.FILE_SEEN, ts,
                    session.nextSeq(), tasks.lookup(pid.getInt(b, e)), null, -1, ino.getLong(b, e), dev.getInt(b, e))));
            instance.enable(get, filter);
        }
    }
}
