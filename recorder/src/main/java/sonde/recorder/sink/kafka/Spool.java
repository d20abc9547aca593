package sonde.recorder.sink.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A bounded, crash-safe, on-disk queue of Kafka messages that could not be sent: append-only
 * segment files, replayed oldest first. Thread-safe.
 *
 * <p>Format: a directory (0700) of {@code NNNNNNNNNNNNNNNN.seg} files numbered in write order,
 * each starting with the 8 bytes {@code SONDSPL1}, then frames: u32 payload length, u32 CRC-32C
 * of the payload, the payload ({@link SpoolRecord}); big-endian. A segment is synced when it is
 * closed (at {@link #roll}, at its size limit, at {@link #close}); a crash can leave a torn last
 * frame, which reading detects (short frame, impossible length, bad CRC) and ignores. After a
 * restart new frames go to a new segment, never after a torn tail. A lock file keeps a second
 * recorder out of the directory; it is removed with the directory when nothing is left to send.
 */
public final class Spool implements AutoCloseable {
    /** A segment read back: its intact records in order, and the bytes of a torn tail ignored. */
    public record Segment(List<SpoolRecord> records, long tornBytes) {
    }

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final SpoolLock lock;
    private final boolean removeWhenEmpty;
    private final TreeMap<Long, long[]> closed = new TreeMap<>(); // seq -> {records, bytes}
    private final long foundRecords;
    private final long foundTornBytes;
    private FileChannel active;
    private long activeSeq;
    private long activeRecords;
    private long activeBytes;
    private long bytes;
    private long appended;
    private long dropped;

    private Spool(Path dir, long maxBytes, SpoolLock lock, boolean removeWhenEmpty) throws IOException {
        this.dir = dir;
        this.removeWhenEmpty = removeWhenEmpty;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(64 << 10, Math.min(16 << 20, maxBytes / 8));
        this.lock = lock;
        long records = 0;
        long torn = 0;
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(Spool::isSegment).toList()) {
                Segment s = read(p);
                long size = Files.size(p); // not a link: read refuses one
                closed.put(seqOf(p), new long[] {s.records().size(), size});
                records += s.records().size();
                torn += s.tornBytes();
                bytes += size;
            }
        }
        this.foundRecords = records;
        this.foundTornBytes = torn;
        this.activeSeq = closed.isEmpty() ? 0 : closed.lastKey() + 1;
    }

    /** Opens (creating, mode 0700) and locks a spool directory; {@link SpoolLock.SpoolInUseException} if another process has it. */
    public static Spool open(Path dir, long maxBytes) throws IOException {
        return open(dir, maxBytes, false);
    }

    /**
     * {@link #open(Path, long)}; with removeWhenEmpty, {@link #close} removes the directory too when
     * nothing is left in it to send (a slot of sonde's, or a directory this run made).
     */
    public static Spool open(Path dir, long maxBytes, boolean removeWhenEmpty) throws IOException {
        SpoolLock lock = SpoolLock.acquire(dir);
        try {
            return new Spool(dir, maxBytes, lock, removeWhenEmpty);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Appends a record; false, counted as dropped, when the spool is at its size bound. */
    public synchronized boolean append(SpoolRecord r) throws IOException {
        ByteBuffer frame = SegmentFile.frame(r.payload());
        int size = frame.remaining();
        if (size > SegmentFile.MAX_FRAME || bytes + size + (active == null ? SegmentFile.MAGIC.length : 0) > maxBytes) {
            dropped++;
            return false;
        }
        if (active == null) {
            Path p = dir.resolve(String.format("%016d.seg", activeSeq));
            active = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            writeFully(ByteBuffer.wrap(SegmentFile.MAGIC));
            activeBytes = SegmentFile.MAGIC.length;
            bytes += SegmentFile.MAGIC.length;
            SpoolLock.syncDir(dir);
        }
        writeFully(frame);
        activeRecords++;
        activeBytes += size;
        bytes += size;
        appended++;
        if (activeBytes >= segmentBytes) {
            closeActive();
        }
        return true;
    }

    /** Closes (and syncs) the segment being written, if any, and lists every closed segment, oldest first. */
    public synchronized List<Path> roll() throws IOException {
        closeActive();
        List<Path> all = new ArrayList<>();
        for (long seq : closed.keySet()) {
            all.add(dir.resolve(String.format("%016d.seg", seq)));
        }
        return all;
    }

    /** Deletes a segment whose records were all delivered. */
    public synchronized void remove(Path segment) throws IOException {
        long[] info = closed.remove(seqOf(segment));
        if (info != null) {
            bytes -= info[1];
        }
        Files.deleteIfExists(segment);
    }

    /** Reads a closed segment's intact records; a torn or corrupt tail is left out and measured. */
    public static Segment read(Path segment) throws IOException {
        return SegmentFile.read(segment);
    }

    /** True when nothing is waiting: no closed segment, and nothing appended since the last roll. */
    public synchronized boolean isEmpty() {
        return closed.isEmpty() && activeRecords == 0;
    }

    /** Records waiting to be sent. */
    public synchronized long records() {
        return closed.values().stream().mapToLong(v -> v[0]).sum() + activeRecords;
    }

    /** Bytes of the segment files, the one being written included. */
    public synchronized long bytes() {
        return bytes;
    }

    public synchronized long appended() {
        return appended;
    }

    public synchronized long dropped() {
        return dropped;
    }

    /** Records a previous run left here, found at open. */
    public long foundRecords() {
        return foundRecords;
    }

    /** Bytes of torn or corrupt tails found at open (a crash while appending). */
    public long foundTornBytes() {
        return foundTornBytes;
    }

    public Path dir() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Syncs and closes the segment being written and releases the directory. When nothing is left
     * to send, the lock file goes too (removed while locked: {@link SpoolLock#acquire} checks that
     * the file it locked is still the one in the directory), and the directory if asked: only
     * unsent events stay behind.
     */
    @Override
    public synchronized void close() throws IOException {
        boolean empty = false;
        try {
            closeActive();
            empty = closed.isEmpty();
        } finally {
            lock.close(empty);
        }
        if (empty && removeWhenEmpty) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                // another recorder took the slot meanwhile, or someone put a file there: it stays
            }
        }
    }

    private void closeActive() throws IOException {
        if (active == null) {
            return;
        }
        active.force(true);
        active.close();
        active = null;
        closed.put(activeSeq, new long[] {activeRecords, activeBytes});
        activeSeq++;
        activeRecords = 0;
        activeBytes = 0;
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            active.write(b);
        }
    }

    private static boolean isSegment(Path p) {
        return p.getFileName().toString().matches("\\d{16}\\.seg");
    }

    private static long seqOf(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.substring(0, n.length() - 4));
    }
}
