package sonde.recorder.sink;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import sonde.schema.CpuSample;
import sonde.schema.DiskIo;
import sonde.schema.Recording;
import sonde.schema.VfsIo;

import java.util.Map;
import java.util.function.Supplier;

/** Event kind names (directory and topic names) of the Avro record types. */
public final class EventKinds {
    public static final String DISK_IO = "disk_io";
    public static final String RECORDING = "recording";
    public static final String VFS_IO = "vfs_io";
    public static final String CPU_SAMPLE = "cpu_sample";

    private static final Map<String, String> BY_RECORD = Map.of(
            DiskIo.getClassSchema().getFullName(), DISK_IO,
            VfsIo.getClassSchema().getFullName(), VFS_IO,
            CpuSample.getClassSchema().getFullName(), CPU_SAMPLE,
            Recording.getClassSchema().getFullName(), RECORDING);

    private EventKinds() {
    }

    private static final Map<String, Supplier<SpecificRecord>> NEW = Map.of(
            DiskIo.getClassSchema().getFullName(), DiskIo::new,
            VfsIo.getClassSchema().getFullName(), VfsIo::new,
            CpuSample.getClassSchema().getFullName(), CpuSample::new,
            Recording.getClassSchema().getFullName(), Recording::new);

    /** An empty record of an event kind's class. */
    static SpecificRecord newRecord(Schema schema) {
        return NEW.get(schema.getFullName()).get();
    }

    public static String of(Schema schema) {
        String kind = BY_RECORD.get(schema.getFullName());
        if (kind == null) {
            throw new IllegalArgumentException("not an event kind: " + schema.getFullName());
        }
        return kind;
    }
}
