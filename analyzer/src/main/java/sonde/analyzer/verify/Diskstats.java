package sonde.analyzer.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A device's cumulative counters from /proc/diskstats: bytes read and written (sectors × 512). */
record Diskstats(long readBytes, long writtenBytes) {

    static Diskstats of(String device) {
        try (InputStream in = Files.newInputStream(Path.of("/proc/diskstats"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                // major minor name reads merged sectors_read ms writes merged sectors_written ...
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[2].equals(device)) {
                    return new Diskstats(Long.parseLong(f[5]) * 512, Long.parseLong(f[9]) * 512);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return new Diskstats(-1, -1);
    }

    Diskstats minus(Diskstats before) {
        return new Diskstats(readBytes - before.readBytes, writtenBytes - before.writtenBytes);
    }
}
