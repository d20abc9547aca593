package sonde.recorder.sink.table;

/**
 * A record held in a list field (a stack's frames) that is not an Avro record: its fields by
 * position, as in its table's list element. Lets a recording fill such lists without making
 * Avro objects (see {@link Table}).
 */
public interface Struct {
    Object get(int field);
}
