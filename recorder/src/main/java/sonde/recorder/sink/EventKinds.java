package sonde.recorder.sink;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import sonde.recorder.sink.table.Table;
import sonde.schema.CpuSample;
import sonde.schema.DiskIo;
import sonde.schema.Frame;
import sonde.schema.JitSymbol;
import sonde.schema.LostEvents;
import sonde.schema.Recording;
import sonde.schema.VfsIo;

/** Event kind names (directory and topic names) of the Avro record types. */
public final class EventKinds {
    public static final String DISK_IO = "disk_io";
    public static final String RECORDING = "recording";
    public static final String VFS_IO = "vfs_io";
    public static final String CPU_SAMPLE = "cpu_sample";
    /** JIT addresses named after their samples were written (jit_symbol.avsc). */
    public static final String JIT_SYMBOL = "jit_symbol";

    private EventKinds() {
    }

    /** An empty Avro record of a table's class (Kafka, and rows handed on as records). */
    static SpecificRecord newRecord(Table table) {
        return switch (table.kind()) {
            case DISK_IO -> new DiskIo();
            case VFS_IO -> new VfsIo();
            case CPU_SAMPLE -> new CpuSample();
            case RECORDING -> new Recording();
            case JIT_SYMBOL -> new JitSymbol();
            default -> throw new IllegalArgumentException("not an event kind: " + table.kind());
        };
    }

    /** An empty Avro record of a list field's element type (frames, lost events). */
    static SpecificRecord newElement(Table.Field field) {
        return switch (field.name()) {
            case "frames" -> new Frame();
            case "lost_events" -> new LostEvents();
            default -> throw new IllegalArgumentException("no record type for the items of " + field.name());
        };
    }

    /** The table of an Avro record type. */
    public static Table table(Schema schema) {
        Table t = Table.ofRecord(schema.getFullName());
        if (t == null) {
            throw new IllegalArgumentException("not an event kind: " + schema.getFullName());
        }
        return t;
    }

    public static String of(Schema schema) {
        return table(schema).kind();
    }
}
