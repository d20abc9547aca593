package sonde.recorder.testing;

import sonde.recorder.disk.DiskSource;
import sonde.recorder.disk.Request;
import sonde.recorder.host.Tasks;
import sonde.recorder.tracefs.TraceSession;
import sonde.recorder.tracefs.Tracefs;

import java.util.ArrayList;
import java.util.List;

/** Records block requests in-process on a background thread, for tests of the real kernel path. */
public final class DiskCapture implements AutoCloseable {
    private final TraceSession session;
    private final DiskSource disk;
    private final List<Request> requests = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;

    public DiskCapture(int bufferMb) {
        session = TraceSession.open(Tracefs.locate(), bufferMb);
        disk = DiskSource.enable(session, -1, null, new Tasks(), requests::add);
        session.start();
        thread = new Thread(this::run, "disk-capture");
        thread.start();
    }

    private void run() {
        try {
            while (!stop) {
                disk.advance(session.poll(256));
                Thread.sleep(10);
            }
            session.stop();
            session.drain(256);
            disk.finish();
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Stops tracing and returns every request seen. */
    public List<Request> stop() throws InterruptedException {
        stop = true;
        thread.join();
        if (failure != null) {
            throw new AssertionError("capture failed", failure);
        }
        return requests;
    }

    public TraceSession session() {
        return session;
    }

    public DiskSource disk() {
        return disk;
    }

    @Override
    public void close() {
        try {
            if (!stop) {
                stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            session.close();
        }
    }
}
