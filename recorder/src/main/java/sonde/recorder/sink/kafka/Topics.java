package sonde.recorder.sink.kafka;

import sonde.recorder.sink.EventKinds;

import java.util.List;

/**
 * Topic names: one per event kind, {@code PREFIX.KIND} (sonde.disk_io, sonde.vfs_io,
 * sonde.cpu_sample, sonde.recording, sonde.jit_symbol).
 */
public final class Topics {
    public static final List<String> KINDS = List.of(EventKinds.DISK_IO, EventKinds.VFS_IO, EventKinds.CPU_SAMPLE,
            EventKinds.RECORDING, EventKinds.JIT_SYMBOL);

    private final String prefix;

    public Topics(String prefix) {
        this.prefix = prefix;
    }

    public String of(String kind) {
        return prefix + "." + kind;
    }

    public List<String> all() {
        return KINDS.stream().map(this::of).toList();
    }

    /** The kind a topic carries, or null when it is not one of ours. */
    public String kindOf(String topic) {
        for (String k : KINDS) {
            if (topic.equals(of(k))) {
                return k;
            }
        }
        return null;
    }

    public String prefix() {
        return prefix;
    }
}
