package sonde.recorder.tracefs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.disk.Request;
import sonde.recorder.disk.RequestTracker;
import sonde.recorder.perf.NonBlockingFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pages of two CPUs, one of them flagged by the kernel as having lost events before it, read
 * into CPU buffers and handed in time order to a {@link RequestTracker}: where the loss lies,
 * and which requests are paired across it.
 */
class PairingAcrossLossTest {
    private static final PageLayout LAYOUT = Captured.layout();
    private static final EventFormat ISSUE = SyntheticPages.format("issue", 8);
    private static final EventFormat COMPLETE = SyntheticPages.format("complete", 9);
    private static final EventFormat OTHER = SyntheticPages.format("other", 10);
    private static final int DEV = 7 << 20;

    @TempDir
    Path tmp;

    private static SyntheticPages.Ev issue(long ts, long sector) {
        return new SyntheticPages.Ev(ts, ISSUE.id(), sector);
    }

    private static SyntheticPages.Ev complete(long ts, long sector) {
        return new SyntheticPages.Ev(ts, COMPLETE.id(), sector);
    }

    private CpuBuffer buffer(int cpu, Path file, Handlers handlers, Losses losses) throws Exception {
        return new CpuBuffer(cpu, cpu, NonBlockingFile.open(file.toString()), handlers, LAYOUT, SyntheticPages.SIZE, 16,
                losses);
    }

    private static Handlers handlers(RequestTracker tracker) {
        Handlers h = new Handlers();
        Field issued = ISSUE.field("value");
        Field completed = COMPLETE.field("value");
        h.register(ISSUE, (cpu, ts, b, e) -> tracker.issue(ts, DEV, issued.getLong(b, e), 4096, "R", 1, 1, "fio", false));
        h.register(COMPLETE, (cpu, ts, b, e) -> tracker.complete(ts, DEV, completed.getLong(b, e), 8, 0));
        h.register(OTHER, (cpu, ts, b, e) -> { });
        return h;
    }

    @Test
    void aCompletionLostOnOneCpuPairsNothingAcrossTheLoss() throws Exception {
        // cpu 0 issues; cpu 1 completes and lost the completion of A (sector 8), then A2 reuses sector 8
        List<SyntheticPages.Page> cpu0 = List.of(
                new SyntheticPages.Page(List.of(issue(100, 8), issue(110, 16), issue(120, 40)), 0),
                new SyntheticPages.Page(List.of(issue(9000, 8), issue(9500, 24)), 0));
        List<SyntheticPages.Page> cpu1 = List.of(
                new SyntheticPages.Page(List.of(complete(300, 16), complete(350, 40),
                        new SyntheticPages.Ev(400, OTHER.id(), 0)), 0),
                new SyntheticPages.Page(List.of(complete(9100, 8), complete(9600, 24)), 5));
        List<Request> rows = new ArrayList<>();
        Losses losses = new Losses();
        RequestTracker tracker = new RequestTracker(rows::add, null, losses);
        Handlers handlers = handlers(tracker);
        TimeOrder order = new TimeOrder(handlers);
        CpuBuffer b0 = buffer(0, Files.write(tmp.resolve("cpu0"), SyntheticPages.bytes(cpu0)), handlers, losses);
        CpuBuffer b1 = buffer(1, Files.write(tmp.resolve("cpu1"), SyntheticPages.bytes(cpu1)), handlers, losses);
        order.add(new CpuBuffer[] {b0, b1});
        b0.read(100);
        b1.read(100);
        order.release(Long.MAX_VALUE);
        tracker.finish();
        b0.close();
        b1.close();

        assertTrue(losses.between(400, 400) && losses.between(9100, 9100), "lost after cpu 1's last event read, before its next page");
        assertFalse(losses.between(0, 399) || losses.between(9101, Long.MAX_VALUE));
        rows.sort(Comparator.comparingLong(Request::issueNs));
        assertEquals(List.of(100L, 110L, 120L, 9000L, 9500L), rows.stream().map(Request::issueNs).toList());
        assertEquals(List.of(-1L, 300L, 350L, 9100L, 9600L), rows.stream().map(Request::completeNs).toList(),
                "A is written without a completion; A2 has its own, not A's issue with A2's completion (8999 ns)");
        assertEquals(List.of(true, false, false, true, false), rows.stream().map(Request::pairingUncertain).toList(),
                "A and A2 were open during the loss; B, C and E were not");
        assertEquals(1, tracker.endedInLoss());
    }

    @Test
    void aLossAfterTheBufferWasReadEmptyLiesAfterThatReadLessTheCommitSlack() throws Exception {
        long now = System.nanoTime();
        Path file = tmp.resolve("cpu0");
        Files.write(file, SyntheticPages.bytes(List.of(
                new SyntheticPages.Page(List.of(issue(now - 50_000_000L, 8)), 0))));
        Losses losses = new Losses();
        Handlers handlers = handlers(new RequestTracker(r -> { }, null, losses));
        CpuBuffer b = buffer(0, file, handlers, losses);
        b.read(100);
        assertTrue(b.drained, "read to its end");
        long emptyAt = b.drainedAtNs;
        long readEmptyAt = System.nanoTime();
        Files.write(file, SyntheticPages.bytes(List.of(
                new SyntheticPages.Page(List.of(issue(readEmptyAt + 1_000_000_000L, 8)), 3))), StandardOpenOption.APPEND);
        b.read(100);
        b.close();
        assertFalse(losses.between(now - 50_000_000L, emptyAt - TraceReader.COMMIT_SLACK_NS - 1),
                "everything stamped before the empty read, less the slack, had been read");
        assertTrue(losses.between(readEmptyAt, readEmptyAt + 1_000_000_000L));
    }
}
