package sonde.recorder.symbols;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Addresses → functions on the recording host: kernel addresses through kallsyms, user
 * addresses through the process's mappings and the mapped files' ELF symbols (C++ names
 * demangled, as c++filt -p prints them), JIT code through /tmp/perf-PID.map. Every table is
 * cached; used by one thread.
 */
public final class Symbolizer {
    private static final int MAX_PROCESSES = 8192;
    private static final int MAX_FILES = 512;
    private static final int MAX_DEMANGLED = 32_768;

    private final Path proc;
    private final Kallsyms kallsyms;
    private final Map<Integer, ProcessMaps> processes = lru(MAX_PROCESSES);
    private final Map<String, ElfSymbols> files = lru(MAX_FILES);
    private final Map<Integer, PerfMap> jit = new HashMap<>();
    private final Map<String, String> demangled = lru(MAX_DEMANGLED);
    private long lookups;
    private long unknown;

    public Symbolizer(Kallsyms kallsyms) {
        this(Path.of("/proc"), kallsyms);
    }

    Symbolizer(Path proc, Kallsyms kallsyms) {
        this.proc = proc;
        this.kallsyms = kallsyms;
    }

    private static <K, V> Map<K, V> lru(int max) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    public Symbol kernel(long address) {
        lookups++;
        Symbol s = kallsyms.resolve(address);
        if (s.name().equals(Symbol.UNKNOWN)) {
            unknown++;
        }
        return s;
    }

    public Symbol user(int pid, long address) {
        lookups++;
        ProcessMaps maps = processes.computeIfAbsent(pid, p -> ProcessMaps.fromProc(proc, p));
        ProcessMaps.Mapping m = maps.find(address);
        String path = m == null ? "" : m.path();
        if (m == null || path.isEmpty() || path.startsWith("[") || path.startsWith("//anon")) {
            String name = jit.computeIfAbsent(pid, PerfMap::of).lookup(address);
            if (name != null) {
                return new Symbol(name, "[jit]", "jit");
            }
            unknown++;
            return Symbol.unknown(m == null ? "[unknown]" : path.isEmpty() ? "[anon]" : path, "user");
        }
        String name = elf(pid, path).lookupFileOffset(address - m.start() + m.pgoff());
        if (name == null) {
            unknown++;
            return Symbol.unknown(path, "user");
        }
        return new Symbol(demangle(name), path, "user");
    }

    /** Each distinct mangled name is demangled once, not once per sample. */
    private String demangle(String name) {
        return name.startsWith("_Z") ? demangled.computeIfAbsent(name, Demangler::demangle) : name;
    }

    private ElfSymbols elf(int pid, String path) {
        ElfSymbols e = files.get(path);
        if (e == null) {
            Path inRoot = proc.resolve(pid + "/root" + path); // the process's view (containers)
            e = ElfSymbols.read(Files.isReadable(inRoot) ? inRoot : Path.of(path));
            files.put(path, e);
        }
        return e;
    }

    /** PERF_RECORD_MMAP2: an executable mapping appeared. */
    public void mmap(int pid, long start, long length, long pgoff, String path) {
        processes.computeIfAbsent(pid, p -> ProcessMaps.fromProc(proc, p))
                .add(new ProcessMaps.Mapping(start, start + length, pgoff, path));
    }

    /** The process exec'd: its old mappings are gone (the new ones arrive as MMAP2 records). */
    public void exec(int pid) {
        processes.put(pid, new ProcessMaps());
        jit.remove(pid);
    }

    public long lookups() {
        return lookups;
    }

    public long unknown() {
        return unknown;
    }
}
