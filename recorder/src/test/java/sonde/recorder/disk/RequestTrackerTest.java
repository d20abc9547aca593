package sonde.recorder.disk;

import org.junit.jupiter.api.Test;
import sonde.recorder.tracefs.Losses;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestTrackerTest {
    private static final int VDA = 254 << 20;
    private static final int SDA = 8 << 20;

    private final List<Request> done = new ArrayList<>();
    private final Losses losses = new Losses();
    private final RequestTracker tracker = new RequestTracker(done::add, null, losses);
    private long seq;

    private void start(long ts, int dev, long sector, long bytes, int tid) {
        tracker.onEvent(BlockEvent.start(ts, seq++, dev, sector, bytes, "W", "app" + tid, tid, tid, false));
    }

    private void issue(long ts, int dev, long sector, long bytes) {
        tracker.onEvent(BlockEvent.issue(ts, seq++, dev, sector, bytes, "W", "kworker/1:1H", 54, 54, true));
    }

    private void complete(long ts, int dev, long sector, long sectors) {
        tracker.onEvent(BlockEvent.complete(ts, seq++, dev, sector, sectors, 0));
    }

    @Test
    void pairsStartIssueAndCompleteAndKeepsTheSubmitter() {
        start(100, VDA, 2048, 4096, 7);
        issue(150, VDA, 2048, 4096);
        complete(400, VDA, 2048, 8);
        assertEquals(1, done.size());
        Request r = done.get(0);
        assertEquals(7, r.pid());
        assertEquals("app7", r.comm());
        assertFalse(r.kernelThread(), "issued by kblockd, but submitted by the app");
        assertEquals(100, r.startNs());
        assertEquals(150, r.issueNs());
        assertEquals(400, r.completeNs());
        assertEquals(4096, r.bytes());
    }

    @Test
    void completionsInAnyOrderFindTheirOwnRequests() {
        for (int i = 0; i < 32; i++) {
            start(i, VDA, 1000L * i, 4096, 100 + i);
            issue(100 + i, VDA, 1000L * i, 4096);
        }
        for (int i = 31; i >= 0; i -= 2) {
            complete(1000 + i, VDA, 1000L * i, 8);
        }
        for (int i = 0; i < 32; i += 2) {
            complete(2000 + i, VDA, 1000L * i, 8);
        }
        assertEquals(32, done.size());
        for (Request r : done) {
            assertEquals(100 + r.sector() / 1000, r.pid(), "request at sector " + r.sector());
            assertEquals(100 + r.sector() / 1000, r.issueNs());
        }
        assertEquals(0, tracker.open());
    }

    @Test
    void sameSectorOnTwoDevicesIsTwoRequests() {
        start(1, VDA, 8, 4096, 1);
        start(2, SDA, 8, 4096, 2);
        issue(3, SDA, 8, 4096);
        issue(4, VDA, 8, 4096);
        complete(5, VDA, 8, 8);
        complete(6, SDA, 8, 8);
        assertEquals(List.of(1, 2), done.stream().map(Request::pid).toList());
    }

    @Test
    void partialCompletionsAdvanceTheSectorUntilTheLastByte() {
        start(1, VDA, 4096, 1 << 20, 9);
        issue(2, VDA, 4096, 1 << 20);
        complete(3, VDA, 4096, 1024);
        assertTrue(done.isEmpty());
        complete(4, VDA, 4096 + 1024, 512);
        complete(5, VDA, 4096 + 1536, 512);
        assertEquals(1, done.size());
        assertEquals(3, done.get(0).partials());
        assertEquals(5, done.get(0).completeNs());
        assertEquals(1 << 20, done.get(0).bytes());
    }

    @Test
    void requeuedRequestIsIssuedAgainAndCountsTheRequeue() {
        start(1, VDA, 64, 8192, 3);
        issue(2, VDA, 64, 8192);
        tracker.onEvent(BlockEvent.other(BlockEvent.Kind.REQUEUE, 3, seq++, VDA, 64, 16));
        issue(10, VDA, 64, 8192);
        complete(20, VDA, 64, 16);
        assertEquals(1, done.size());
        assertEquals(1, done.get(0).requeues());
        assertEquals(10, done.get(0).issueNs(), "latency counts from the issue that reached the device");
        assertEquals(3, done.get(0).pid());
    }

    @Test
    void frontMergeMovesTheStartSector() {
        start(1, VDA, 100, 4096, 5);
        tracker.onEvent(BlockEvent.other(BlockEvent.Kind.FRONTMERGE, 2, seq++, VDA, 92, 8));
        issue(3, VDA, 92, 8192);
        complete(4, VDA, 92, 16);
        assertEquals(5, done.get(0).pid());
        assertEquals(92, done.get(0).sector());
    }

    @Test
    void mergedAwayRequestLeavesNoRow() {
        start(1, VDA, 100, 4096, 5);
        start(2, VDA, 108, 4096, 6);
        tracker.onEvent(BlockEvent.other(BlockEvent.Kind.MERGE, 3, seq++, VDA, 108, 8));
        issue(4, VDA, 100, 8192);
        complete(5, VDA, 100, 16);
        tracker.finish();
        assertEquals(1, done.size());
        assertEquals(1, tracker.merged());
    }

    @Test
    void emptyFlushCompletedWithoutIssueIsStillARow() {
        start(1, VDA, 0, 0, 12);
        complete(5, VDA, 0, 0);
        assertEquals(1, done.size());
        assertEquals(-1, done.get(0).issueNs());
        assertEquals(12, done.get(0).pid());
        assertEquals(0, tracker.unmatchedCompletions());
    }

    @Test
    void issueWithoutStartIsAttributedToTheIssuer() {
        issue(2, VDA, 500, 4096);
        complete(3, VDA, 500, 8);
        assertEquals(54, done.get(0).pid());
        assertTrue(done.get(0).kernelThread());
    }

    @Test
    void completionOfAnUnknownRequestIsCountedNotInvented() {
        complete(3, VDA, 500, 8);
        assertTrue(done.isEmpty());
        assertEquals(1, tracker.unmatchedCompletions());
    }

    @Test
    void requestsStillOpenAtTheEndKeepTheirRowsWithoutCompletion() {
        start(1, VDA, 1, 4096, 1);
        start(2, VDA, 9, 4096, 2);
        issue(3, VDA, 9, 4096);
        tracker.finish();
        assertEquals(2, done.size());
        assertTrue(done.stream().noneMatch(Request::completed));
        assertEquals(2, tracker.incomplete());
        assertEquals(0, tracker.open());
    }

    @Test
    void expireGivesUpOnOldRequestsOnly() {
        start(1, VDA, 1, 4096, 1);
        issue(2, VDA, 1, 4096);
        start(1_000, VDA, 9, 4096, 2);
        tracker.expire(500);
        assertEquals(1, done.size());
        assertEquals(1, tracker.expired());
        assertEquals(1, tracker.open());
    }

    @Test
    void twoRequestsAtTheSameSectorCompleteInIssueOrder() {
        start(1, VDA, 0, 0, 1);
        issue(2, VDA, 0, 0);
        start(3, VDA, 0, 0, 2);
        issue(4, VDA, 0, 0);
        complete(5, VDA, 0, 0);
        complete(6, VDA, 0, 0);
        assertEquals(List.of(1, 2), done.stream().map(Request::pid).toList());
    }

    @Test
    void withoutALossNoRequestIsUncertain() {
        start(100, VDA, 8, 4096, 7);
        issue(150, VDA, 8, 4096);
        complete(400, VDA, 8, 8);
        start(500, VDA, 16, 4096, 7);
        tracker.finish();
        assertEquals(List.of(false, false), done.stream().map(Request::pairingUncertain).toList());
    }

    @Test
    void aRequestOpenWhileEventsWereLostIsUncertainAndOnesBeforeOrAfterAreNot() {
        issue(100, VDA, 8, 4096);
        complete(200, VDA, 8, 8); // before the loss
        issue(300, VDA, 16, 4096);
        losses.add(350, 360); // on any CPU
        complete(400, VDA, 16, 8); // open across it
        issue(500, VDA, 24, 4096);
        complete(600, VDA, 24, 8); // after it
        assertEquals(List.of(false, true, false), done.stream().map(Request::pairingUncertain).toList());
        assertEquals(List.of(100L, 100L, 100L), done.stream().map(r -> r.completeNs() - r.issueNs()).toList());
    }

    @Test
    void aRequestWhoseCompletionWasLostDoesNotTakeTheNextOnesAtItsSector() {
        // A's completion was lost; B, C and D then use the same sector: each is paired with its own events
        issue(100, VDA, 8, 4096);
        losses.add(150, 250);
        issue(1000, VDA, 8, 4096);
        complete(1010, VDA, 8, 8);
        issue(2000, VDA, 8, 4096);
        complete(2010, VDA, 8, 8);
        issue(3000, VDA, 8, 4096);
        complete(3010, VDA, 8, 8);
        assertEquals(4, done.size());
        Request a = done.get(0);
        assertFalse(a.completed(), "A is written without a completion");
        assertTrue(a.pairingUncertain());
        assertEquals(List.of(10L, 10L, 10L), done.subList(1, 4).stream().map(r -> r.completeNs() - r.issueNs()).toList());
        assertEquals(List.of(true, false, false), done.subList(1, 4).stream().map(Request::pairingUncertain).toList(),
                "B took its event past A, a guess; C and D are clear of the loss");
        assertEquals(1, tracker.endedInLoss());
    }

    @Test
    void aCompletionWhoseIssueWasLostIsPairedAcrossTheLossOnlyAsUncertain() {
        // A's completion and B's issue were lost: B's completion is the only candidate, and it is marked
        issue(100, VDA, 8, 4096);
        losses.add(150, 250);
        complete(300, VDA, 8, 8);
        assertEquals(1, done.size());
        assertTrue(done.get(0).pairingUncertain());
        assertEquals(0, tracker.endedInLoss());
    }

    @Test
    void twoRequestsAtOneSectorWithoutALossBetweenThemStayFirstInFirstOut() {
        issue(100, VDA, 8, 4096);
        issue(110, VDA, 8, 4096);
        losses.add(500, 600); // after both completed
        complete(200, VDA, 8, 8);
        complete(210, VDA, 8, 8);
        assertEquals(List.of(100L, 110L), done.stream().map(Request::issueNs).toList());
        assertEquals(List.of(false, false), done.stream().map(Request::pairingUncertain).toList());
    }

    @Test
    void aQueuedRequestWhoseIssueWasLostDoesNotLendItsSubmitterToTheNext() {
        start(100, VDA, 8, 4096, 7); // its issue (or merge) was lost
        losses.add(150, 250);
        start(1000, VDA, 8, 4096, 9);
        issue(1010, VDA, 8, 4096);
        complete(1100, VDA, 8, 8);
        assertEquals(List.of(7, 9), done.stream().map(Request::pid).toList());
        assertFalse(done.get(0).completed());
        assertEquals(1000, done.get(1).startNs());
    }

    @Test
    void requestsStillOpenAtTheEndAfterALossAreUncertain() {
        issue(100, VDA, 8, 4096);
        losses.add(150, 250);
        issue(300, VDA, 16, 4096);
        tracker.finish();
        done.sort(java.util.Comparator.comparingLong(Request::issueNs));
        assertEquals(List.of(true, false), done.stream().map(Request::pairingUncertain).toList(),
                "the first may have completed in the loss; the second was issued after it");
    }

    @Test
    void opIsTheOperationLetterOfRwbs() {
        assertEquals("R", Request.op("RA"));
        assertEquals("W", Request.op("WS"));
        assertEquals("W", Request.op("FWS"));
        assertEquals("W", Request.op("WFS"));
        assertEquals("F", Request.op("F"));
        assertEquals("F", Request.op("FF"));
        assertEquals("D", Request.op("DS"));
        assertEquals("D", Request.op("DE"));
        assertEquals("N", Request.op("N"));
        assertEquals("N", Request.op(""));
    }
    private void bioMerge(BlockEvent.Kind kind, long ts, long sector, long sectors, int pid) {
        tracker.onEvent(BlockEvent.bioMerge(kind, ts, seq++, VDA, sector, sectors, "app" + pid, pid, pid));
    }

    private static long share(Request r, int pid) {
        for (Share s = r.shares(); s != null; s = s.next()) {
            if (s.pid() == pid) {
                return s.bytes();
            }
        }
        return 0;
    }

    @Test
    void biosOfOtherProcessesMergedIntoARequestAreTheirShares() {
        start(1, VDA, 100, 4096, 5);
        bioMerge(BlockEvent.Kind.BACKMERGE, 2, 108, 8, 6);   // appended by 6
        bioMerge(BlockEvent.Kind.BACKMERGE, 3, 116, 16, 5);  // and by its creator
        bioMerge(BlockEvent.Kind.FRONTMERGE, 4, 92, 8, 7);   // put in front by 7
        bioMerge(BlockEvent.Kind.BACKMERGE, 5, 132, 8, 6);
        issue(6, VDA, 92, 24576);
        complete(7, VDA, 92, 48);
        Request r = done.get(0);
        assertEquals(5, r.pid());
        assertEquals(8192, share(r, 6));
        assertEquals(4096, share(r, 7));
        assertEquals(0, share(r, 5), "the creator's own bios are not a share");
        assertEquals(24576 - 12288, r.bytes() - r.sharedBytes(), "the creator keeps its two bios");
    }

    @Test
    void aRequestMergedIntoAnotherBecomesItsCreatorsShare() {
        start(1, VDA, 100, 4096, 5);
        start(2, VDA, 108, 4096, 6);
        bioMerge(BlockEvent.Kind.BACKMERGE, 3, 116, 8, 7); // into 6's request before it merges
        tracker.onEvent(BlockEvent.other(BlockEvent.Kind.MERGE, 4, seq++, VDA, 108, 16));
        issue(5, VDA, 100, 12288);
        complete(6, VDA, 100, 24);
        assertEquals(1, done.size());
        assertEquals(4096, share(done.get(0), 6));
        assertEquals(4096, share(done.get(0), 7));
        assertEquals(4096, done.get(0).bytes() - done.get(0).sharedBytes());
    }

    @Test
    void withStartsFilteredTheKeptProcessesBiosInAnotherRequestStillCount() {
        tracker.startsFilteredInKernel(); // -c app6: the kernel keeps only 6's request creations
        bioMerge(BlockEvent.Kind.BACKMERGE, 2, 108, 8, 6);  // 6's bio joins a request of 5, not followed
        issue(3, VDA, 100, 8192);
        issue(4, VDA, 500, 4096);                           // another untracked request: left out
        complete(5, VDA, 100, 16);
        complete(6, VDA, 500, 8);
        assertEquals(1, done.size());
        assertTrue(done.get(0).creatorLeftOut(), "5's row is not kept");
        assertEquals(4096, share(done.get(0), 6));
        assertEquals(1, tracker.issuedWithoutStart());
    }
}
