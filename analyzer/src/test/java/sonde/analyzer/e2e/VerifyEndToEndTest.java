package sonde.analyzer.e2e;

import org.junit.jupiter.api.Test;
import sonde.analyzer.SondeRun;
import sonde.recorder.testing.Privileged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sonde verify is also an integration test: on this host, every canned metric must match its workload. */
class VerifyEndToEndTest {
    @Test
    void everyCheckPassesOnThisHost() {
        Privileged.requireTracing();
        Privileged.requirePerf();
        SondeRun.Output o = SondeRun.run("verify");
        assertEquals(0, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("all 13 checks passed"), o.out());
        assertTrue(o.out().lines().filter(l -> l.startsWith("PASS")).count() == 13, o.out());
    }
}
