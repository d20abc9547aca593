package sonde.recorder.vfs;

import org.junit.jupiter.api.Test;
import sonde.recorder.host.Tasks;
import sonde.recorder.tracefs.Losses;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SyscallPairerTest {
    /** A paired call as the rows see it: enter, exit, bytes returned and whether it is uncertain. */
    private record Paired(long enterNs, long exitNs, long ret, boolean uncertain) {
    }

    private final List<Paired> calls = new ArrayList<>();
    private final Losses losses = new Losses();
    private final SyscallPairer pairer = new SyscallPairer(
            (c, exitNs, ret) -> calls.add(new Paired(c.enterNs, exitNs, ret, c.uncertain)), null, losses);
    private final Tasks.Task self = new Tasks().lookup((int) ProcessHandle.current().pid());

    private void read(long enterNs, long exitNs, long ret) {
        if (enterNs >= 0) {
            pairer.enter(enterNs, self, self.comm(), Syscall.READ, 3, 4096, 0, FileInfo.UNKNOWN);
        }
        if (exitNs >= 0) {
            pairer.exit(exitNs, self.tid(), Syscall.READ, ret);
        }
    }

    @Test
    void aCallOpenWhileEventsWereLostIsUncertainAndTheOthersAreNot() {
        read(100, 110, 4096);
        read(200, -1, 0); // its exit, and the next call's entry, were lost
        losses.add(250, 400);
        read(-1, 500, 512); // the later call's exit pairs with the first entry: only as uncertain
        read(600, 610, 4096);
        assertEquals(List.of(new Paired(100, 110, 4096, false), new Paired(200, 500, 512, true),
                new Paired(600, 610, 4096, false)), calls);
    }
}
