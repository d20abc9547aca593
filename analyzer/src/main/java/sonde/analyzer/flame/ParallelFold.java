package sonde.analyzer.flame;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds a large perf script file on several cores: the file is cut after blank lines (where
 * the reference's state is back to "no sample"), each part is folded on its own thread, and
 * the parts are merged in file order, so the result is what one {@link Collapse} reading the
 * whole file gives. When the event filter is defaulted (to the first event type in the input),
 * a part whose own first event type differs from the input's is folded again with the input's.
 * Falls back to one thread when the file is small, has no blank line to cut at (CRLF text), or
 * a total went beyond exact integers.
 */
final class ParallelFold {
    /**
     * Below this a second thread does not pay for itself: measured on 2 cores, JIT compilation
     * for two threads eats the gain up to about 1 GB of input.
     */
    static final long MIN_PART_BYTES = 256L << 20;

    private ParallelFold() {
    }

    /** Folds the file at {@code path} with up to {@code threads} threads. */
    static Collapse fold(Path path, CollapseOptions options, int threads) throws IOException {
        return fold(path, options, threads, MIN_PART_BYTES);
    }

    /** Folds in parts of at least {@code minPartBytes} (tests make them small). */
    static Collapse fold(Path path, CollapseOptions options, int threads, long minPartBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            int parts = (int) Math.max(1, Math.min(threads, size / minPartBytes));
            List<Long> cuts = parts > 1 ? cuts(ch, size, parts) : List.of(0L, size);
            if (cuts.size() == 2) {
                return fold(ch, 0, size, new Collapse(options));
            }
            Collapse[] folded = new Collapse[cuts.size() - 1];
            for (int i = 0; i < folded.length; i++) {
                folded[i] = new Collapse(options);
            }
            runAll(ch, cuts, folded);
            String filter = options.eventFilter();
            if (filter == null || filter.isEmpty()) {
                // each part defaulted the filter to its own first event type; the whole input's
                // is the first part's that saw one. A part that chose another is folded again.
                String first = "";
                for (int i = 0; i < folded.length && first.isEmpty(); i++) {
                    first = folded[i].eventFilter();
                }
                for (int i = 1; i < folded.length; i++) {
                    String own = folded[i].eventFilter();
                    if (!own.isEmpty() && !own.equals(first)) {
                        folded[i] = fold(ch, cuts.get(i), cuts.get(i + 1), new Collapse(options, first));
                    }
                }
            }
            for (int i = 1; i < folded.length; i++) {
                if (!folded[0].absorb(folded[i])) {
                    return fold(ch, 0, size, new Collapse(options));
                }
            }
            return folded[0];
        }
    }

    /** Folds bytes {@code [from, to)} of the file into {@code c}; returns it. */
    private static Collapse fold(FileChannel ch, long from, long to, Collapse c) throws IOException {
        c.read(new RangeStream(ch, from, to));
        return c;
    }

    private static void runAll(FileChannel ch, List<Long> cuts, Collapse[] folded) throws IOException {
        List<Thread> workers = new ArrayList<>();
        Throwable[] failure = new Throwable[folded.length];
        for (int i = 1; i < folded.length; i++) {
            int part = i;
            Thread t = new Thread(() -> {
                try {
                    fold(ch, cuts.get(part), cuts.get(part + 1), folded[part]);
                } catch (Throwable e) {
                    failure[part] = e;
                }
            }, "sonde-fold-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        fold(ch, 0, cuts.get(1), folded[0]);
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        for (Throwable e : failure) {
            if (e instanceof IOException io) {
                throw io;
            } else if (e instanceof RuntimeException r) {
                throw r;
            } else if (e instanceof Error err) {
                throw err;
            }
        }
    }

    /**
     * Offsets 0, c1, …, size: each inner cut just after a blank line ("\n\n") at or after an
     * even share of the file; fewer parts when blank lines are far apart.
     */
    static List<Long> cuts(FileChannel ch, long size, int parts) throws IOException {
        List<Long> cuts = new ArrayList<>();
        cuts.add(0L);
        for (int i = 1; i < parts; i++) {
            long from = Math.max(size * i / parts, cuts.get(cuts.size() - 1));
            long cut = afterBlankLine(ch, from, size);
            if (cut < 0) {
                break;
            }
            if (cut > cuts.get(cuts.size() - 1) && cut < size) {
                cuts.add(cut);
            }
        }
        cuts.add(size);
        return cuts;
    }

    /** The offset just after the first "\n\n" that ends at or after {@code from}, or -1. */
    private static long afterBlankLine(FileChannel ch, long from, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long at = Math.max(0, from - 1);
        byte prev = 0;
        boolean havePrev = false;
        while (at < size) {
            buf.clear();
            int n = ch.read(buf, at);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                byte b = buf.get(i);
                if (b == '\n' && havePrev && prev == '\n') {
                    return at + i + 1;
                }
                prev = b;
                havePrev = true;
            }
            at += n;
        }
        return -1;
    }

    /** Bytes {@code [from, to)} of a file, by positional reads (threads share the channel). */
    private static final class RangeStream extends InputStream {
        private final FileChannel ch;
        private long pos;
        private final long end;

        RangeStream(FileChannel ch, long from, long to) {
            this.ch = ch;
            this.pos = from;
            this.end = to;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) {
                return -1;
            }
            int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos)), pos);
            if (n < 0) {
                return -1;
            }
            pos += n;
            return n;
        }
    }
}
