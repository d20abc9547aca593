package sonde.analyzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * A gzipped pprof profile decoded with {@link ProtoReader} after profile.proto, checked as
 * {@code go tool pprof} checks it on load (CheckValid: nonzero unique ids, every reference
 * resolved, one value per sample type), with its samples as readable stacks.
 */
final class PprofProfile {
    /** A sample: function names leaf first, values, and labels as key=value. */
    record Sample(List<String> stack, List<Long> values, List<String> labels) {
    }

    final List<String> strings;
    final ProtoReader profile;
    final List<Sample> samples = new ArrayList<>();
    final Map<Long, String> mappingFiles = new HashMap<>();

    PprofProfile(byte[] gzipped) {
        byte[] raw;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            raw = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        profile = new ProtoReader(raw);
        strings = profile.strings(6);
        assertEquals("", strings.get(0), "string_table[0]");
        Map<Long, Long> functionName = new HashMap<>();
        for (ProtoReader f : profile.messages(5)) {
            putUnique(functionName, f.scalar(1), f.scalar(2), "function");
            assertEquals(f.scalar(2), f.scalar(3), "system_name is the name");
            str(f.scalar(4));
        }
        for (ProtoReader m : profile.messages(3)) {
            putUnique(mappingFiles, m.scalar(1), str(m.scalar(5)), "mapping");
            assertEquals(1, m.scalar(7), "has_functions");
        }
        Map<Long, String> locationName = new HashMap<>();
        for (ProtoReader l : profile.messages(4)) {
            assertTrue(mappingFiles.containsKey(l.scalar(2)), "location " + l.scalar(1) + " has a known mapping");
            List<ProtoReader> lines = l.messages(4);
            assertEquals(1, lines.size(), "one line per location");
            Long fn = functionName.get(lines.get(0).scalar(1));
            assertTrue(fn != null, "line of location " + l.scalar(1) + " has a known function");
            putUnique(locationName, l.scalar(1), str(fn), "location");
        }
        int types = profile.messages(1).size();
        for (ProtoReader s : profile.messages(2)) {
            List<String> stack = new ArrayList<>();
            for (long id : s.longs(1)) {
                assertTrue(locationName.containsKey(id), "sample location " + id + " exists");
                stack.add(locationName.get(id));
            }
            List<Long> values = s.longs(2);
            assertEquals(types, values.size(), "one value per sample type");
            List<String> labels = new ArrayList<>();
            for (ProtoReader l : s.messages(3)) {
                labels.add(str(l.scalar(1)) + "=" + (l.has(2) ? str(l.scalar(2)) : String.valueOf(l.scalar(3))));
            }
            samples.add(new Sample(stack, values, labels));
        }
    }

    String str(long index) {
        assertTrue(index >= 0 && index < strings.size(), "string index " + index + " in the table");
        return strings.get((int) index);
    }

    /** A ValueType field as "type/unit". */
    String valueType(ProtoReader vt) {
        return str(vt.scalar(1)) + "/" + str(vt.scalar(2));
    }

    List<String> sampleTypes() {
        return profile.messages(1).stream().map(this::valueType).toList();
    }

    private static <V> void putUnique(Map<Long, V> m, long id, V v, String what) {
        assertNotEquals(0, id, what + " id is nonzero");
        assertTrue(m.put(id, v) == null, what + " id " + id + " is unique");
    }

    static Set<String> set(List<String> l) {
        return new HashSet<>(l);
    }
}
