package sonde.analyzer.export.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deduplicated tables of a pprof profile: strings, mappings (one per module), functions
 * (one per name and module) and locations (one per name, module and address, each with one
 * line). Ids count from 1 in order of first use; string index 0 is "". Memory grows with the
 * distinct frames, not with the samples.
 */
public final class PprofTables {
    // profile.proto field numbers
    private static final int PROFILE_MAPPING = 3;
    private static final int PROFILE_LOCATION = 4;
    private static final int PROFILE_FUNCTION = 5;
    private static final int PROFILE_STRING_TABLE = 6;

    private record FrameKey(String name, String module, long address) {
    }

    private record FunctionKey(String name, String module) {
    }

    /** A module's mapping: its id and the lowest and highest address seen in it (unsigned). */
    private static final class Mapping {
        final long id;
        final long filename;
        boolean any;
        long low;
        long high;

        Mapping(long id, long filename) {
            this.id = id;
            this.filename = filename;
        }
    }

    private final Map<String, Long> strings = new HashMap<>();
    private final List<String> stringList = new ArrayList<>();
    private final Map<String, Mapping> mappings = new HashMap<>();
    private final List<Mapping> mappingList = new ArrayList<>();
    private final Map<FunctionKey, Long> functions = new HashMap<>();
    private final List<FunctionKey> functionList = new ArrayList<>();
    private final Map<FrameKey, Long> locations = new HashMap<>();
    private final List<FrameKey> locationList = new ArrayList<>();

    public PprofTables() {
        string("");
    }

    /** The string table index of {@code s}. */
    public long string(String s) {
        Long i = strings.get(s);
        if (i == null) {
            i = (long) stringList.size();
            strings.put(s, i);
            stringList.add(s);
        }
        return i;
    }

    /** The location id of a frame, adding its location, function and mapping when new. */
    public long location(String name, String module, long address) {
        FrameKey k = new FrameKey(name, module, address);
        Long id = locations.get(k);
        if (id == null) {
            id = (long) locationList.size() + 1;
            locations.put(k, id);
            locationList.add(k);
            Mapping m = mapping(module);
            if (!m.any || Long.compareUnsigned(address, m.low) < 0) {
                m.low = address;
            }
            if (!m.any || Long.compareUnsigned(address, m.high) > 0) {
                m.high = address;
            }
            m.any = true;
            function(name, module);
        }
        return id;
    }

    public int locations() {
        return locationList.size();
    }

    public int functions() {
        return functionList.size();
    }

    /** Writes the mappings, locations and functions, as fields of a Profile. */
    public void writeTables(OutputStream out) throws IOException {
        ProtoWriter m = new ProtoWriter();
        ProtoWriter line = new ProtoWriter();
        for (Mapping map : mappingList) {
            // memory_limit is exclusive: one past the highest address seen
            ProtoWriter.writeField(out, PROFILE_MAPPING, m.reset().varint(1, map.id).varint(2, map.low)
                    .varint(3, map.high + 1).varint(5, map.filename).bool(7, true));
        }
        for (int i = 0; i < locationList.size(); i++) {
            FrameKey k = locationList.get(i);
            line.reset().varint(1, functions.get(new FunctionKey(k.name(), k.module())));
            ProtoWriter.writeField(out, PROFILE_LOCATION, m.reset().varint(1, i + 1L)
                    .varint(2, mappings.get(k.module()).id).varint(3, k.address()).message(4, line));
        }
        for (int i = 0; i < functionList.size(); i++) {
            FunctionKey f = functionList.get(i);
            long name = string(f.name());
            ProtoWriter.writeField(out, PROFILE_FUNCTION, m.reset().varint(1, i + 1L).varint(2, name)
                    .varint(3, name).varint(4, string(f.module())));
        }
    }

    /** Writes the string table, as fields of a Profile: last, when no string is to be added. */
    public void writeStrings(OutputStream out) throws IOException {
        ProtoWriter s = new ProtoWriter();
        for (String str : stringList) {
            s.reset().string(PROFILE_STRING_TABLE, str).writeTo(out);
        }
    }

    private Mapping mapping(String module) {
        Mapping m = mappings.get(module);
        if (m == null) {
            m = new Mapping(mappingList.size() + 1L, string(module));
            mappings.put(module, m);
            mappingList.add(m);
        }
        return m;
    }

    private void function(String name, String module) {
        FunctionKey k = new FunctionKey(name, module);
        if (!functions.containsKey(k)) {
            functions.put(k, functionList.size() + 1L);
            functionList.add(k);
            string(name);
        }
    }
}
