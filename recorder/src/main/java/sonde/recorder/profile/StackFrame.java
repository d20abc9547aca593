package sonde.recorder.profile;

import sonde.recorder.sink.table.Struct;

/**
 * One symbolized frame of a cpu_sample (the fields of frame.avsc, in order). Immutable and
 * shared by every sample of the same stack; not an Avro object, so profiling never starts Avro.
 */
public record StackFrame(String name, String module, String kind, long address) implements Struct {
    @Override
    public Object get(int field) {
        return switch (field) {
            case 0 -> name;
            case 1 -> module;
            case 2 -> kind;
            case 3 -> address;
            default -> throw new IndexOutOfBoundsException(field);
        };
    }
}
