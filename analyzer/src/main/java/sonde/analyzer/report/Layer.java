package sonde.analyzer.report;

import java.util.List;
import java.util.Locale;
import sonde.recorder.cli.UsageException;

/**
 * Where a latency was measured: at the block device (disk_io: issue to completion) or at the
 * system call (vfs_io: read/write entry to exit). The difference between the two is what the
 * page cache and the file system did.
 */
public enum Layer {
    DISK("disk I/O", List.of("device", "op", "process")),
    VFS("VFS I/O", List.of("device", "op", "fstype", "process", "syscall"));

    private final String noun;
    private final List<String> groupings;

    Layer(String noun, List<String> groupings) {
        this.noun = noun;
        this.groupings = groupings;
    }

    /** The value of --layer; null means disk. */
    public static Layer parse(String value) {
        if (value == null) {
            return DISK;
        }
        for (Layer l : values()) {
            if (l.word().equals(value)) {
                return l;
            }
        }
        throw new UsageException("bad --layer '" + value + "': expected disk or vfs");
    }

    /** As typed and as bound to SQL: "disk", "vfs". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "disk I/O", "VFS I/O": for messages. */
    public String noun() {
        return noun;
    }

    /** Checks a --by value against what this layer records; null (no grouping) is always fine. */
    public String checkGrouping(String by) {
        if (by == null || groupings.contains(by)) {
            return by;
        }
        if (VFS.groupings.contains(by)) {
            throw new UsageException("--by " + by + " needs --layer vfs: disk_io has no " + (by.equals("fstype") ? "file system type" : "syscall"));
        }
        throw new UsageException("bad --by '" + by + "': expected " + String.join(", ", groupings));
    }
}
