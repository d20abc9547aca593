package sonde.recorder.symbols;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Addresses → functions on the recording host: kernel addresses through kallsyms, user
 * addresses through the process's mappings and the mapped files' ELF symbols (C++ names
 * demangled, as c++filt -p prints them), JIT code through /tmp/perf-PID.map. Every table is
 * cached within a byte budget ({@link SymbolBudgets}); what does not fit is left [unknown] and
 * counted. Each process has a version that changes when its addresses may mean something new
 * (a mapping, exec, a JIT map read), under which callers may cache what they made of them. Used
 * by one thread.
 *
 * <p>JIT code is often named only later: a JVM writes its map at exit (-XX:+DumpPerfMapAtExit)
 * or when asked (jcmd PID Compiler.perfmap), after most of its samples were written. The
 * addresses a map did not name are remembered ({@link UnnamedJit}) and handed to the
 * {@link LateNames} once it names them: when the map is seen to grow, when the process exits or
 * exec's, and at the end ({@link #nameLater}, {@link #nameAllNow}).
 */
public final class Symbolizer {
    /** Receives an address left [unknown] that its process's map names now. */
    public interface LateNames {
        /** @param address as it was looked up: a leaf frame's address, or a return address less one */
        void named(int pid, long address, String name);
    }

    private final Path proc;
    private final Kallsyms kallsyms;
    private final SymbolBudgets budgets;
    private final ByteLru<Integer, ProcessMaps> processes;
    private final ElfTables files;
    private final JitMaps jit;
    private final ByteLru<String, String> demangled;
    private final UnnamedJit unnamed = new UnnamedJit();
    private long nextVersion = 1;
    private long overBudget;

    public Symbolizer(Kallsyms kallsyms) {
        this(Path.of("/proc"), Path.of("/tmp"), kallsyms, SymbolBudgets.DEFAULT);
    }

    Symbolizer(Path proc, Kallsyms kallsyms) {
        this(proc, Path.of("/tmp"), kallsyms, SymbolBudgets.DEFAULT);
    }

    /**
     * @param proc     where /proc is
     * @param perfMaps where perf-PID.map files are (/tmp); tests give directories of their own
     */
    public Symbolizer(Path proc, Path perfMaps, Kallsyms kallsyms, SymbolBudgets budgets) {
        this.proc = proc;
        this.kallsyms = kallsyms;
        this.budgets = budgets;
        this.processes = new ByteLru<>(budgets.processes(), null);
        this.files = new ElfTables(budgets.elfTables());
        this.jit = new JitMaps(budgets.jitMaps(), perfMaps);
        this.demangled = new ByteLru<>(budgets.demangled(), null);
    }

    public Symbol kernel(long address) {
        return kallsyms.resolve(address);
    }

    public Symbol user(int pid, long address) {
        ProcessMaps maps = process(pid);
        ProcessMaps.Mapping m = maps.find(address);
        String path = m == null ? "" : m.path;
        if (m == null || path.isEmpty() || path.startsWith("[") || path.startsWith("//anon")) {
            return jit(pid, maps, address, m == null ? "[unknown]" : path.isEmpty() ? "[anon]" : path);
        }
        ElfSymbols elf = elf(pid, m);
        if (elf == null) {
            overBudget++;
            return Symbol.unknown(path, "user");
        }
        String name = elf.lookupFileOffset(address - m.start + m.pgoff);
        return name == null ? Symbol.unknown(path, "user") : new Symbol(demangle(name), path, "user");
    }

    private Symbol jit(int pid, ProcessMaps maps, long address, String module) {
        long now = System.nanoTime();
        PerfMap map = jit.of(pid, now);
        if (map == null) {
            overBudget++;
            return Symbol.unknown(module, "user");
        }
        String name = map.find(address);
        if (name == null && jit.refresh(pid, map, now)) {
            maps.changed(nextVersion++);
            unnamed.name(pid, map);
            name = map.find(address);
        }
        if (name != null) {
            return new Symbol(name, "[jit]", "jit");
        }
        if (map.full()) {
            overBudget++; // perhaps in the part of the map left unread
        } else {
            unnamed.add(pid, address);
        }
        return Symbol.unknown(module, "user");
    }

    /** Where names found later go (the recording's jit_symbol rows). */
    public void onLateNames(LateNames to) {
        unnamed.onNames(to);
    }

    /**
     * Looks again, if it is time, at the maps of the processes with addresses left [unknown]: a
     * map may grow while its process is not sampled (an idle JVM asked for its map). Called now
     * and then (every second).
     */
    public void nameLater(long nowNs) {
        for (int pid : unnamed.pids()) {
            look(pid, nowNs, false);
        }
    }

    /**
     * Reads the maps of every process with addresses left [unknown] as they stand now, for the
     * last time (the recording ends); what they do not name stays [unknown].
     */
    public void nameAllNow() {
        for (int pid : unnamed.pids()) {
            look(pid, System.nanoTime(), true);
            unnamed.forget(pid);
        }
    }

    /** The processes with addresses their map has not named (yet), oldest first. */
    public java.util.List<Integer> waitingForNames() {
        return unnamed.pids();
    }

    /**
     * The process's map was written anew (jcmd Compiler.perfmap writes the whole file): read it
     * from its start, now, and name what it can.
     */
    public void mapRewritten(int pid) {
        jit.remove(pid);
        look(pid, System.nanoTime(), true);
    }

    private void look(int pid, long nowNs, boolean now) {
        PerfMap map = jit.of(pid, nowNs);
        if (map != null && jit.refresh(pid, map, nowNs, now)) {
            ProcessMaps maps = processes.get(pid);
            if (maps != null) {
                maps.changed(nextVersion++);
            }
            unnamed.name(pid, map);
        }
    }

    /** Each distinct mangled name is demangled once, not once per sample. */
    private String demangle(String name) {
        if (!name.startsWith("_Z")) {
            return name;
        }
        String d = demangled.get(name);
        if (d == null) {
            d = Demangler.demangle(name);
            demangled.put(name, d, 2 * 40 + name.length() + (d == name ? 0 : d.length()));
        }
        return d;
    }

    /** The mapping's file's table; null when over the budget. */
    private ElfSymbols elf(int pid, ProcessMaps.Mapping m) {
        if (m.file == null) {
            FileKey key = FileKey.of(file(pid, m));
            m.file = key == null ? ProcessMaps.NO_FILE : key;
        }
        if (m.file == ProcessMaps.NO_FILE) {
            return ElfSymbols.EMPTY;
        }
        ElfSymbols t = files.cached(m.file);
        return t != null ? t : files.read(m.file, file(pid, m), System.nanoTime());
    }

    /** The mapped file as the process sees it (containers), or by its path if the process is gone. */
    private Path file(int pid, ProcessMaps.Mapping m) {
        Path inRoot = proc.resolve(pid + "/root" + m.path);
        return Files.isReadable(inRoot) ? inRoot : Path.of(m.path);
    }

    private ProcessMaps process(int pid) {
        ProcessMaps maps = processes.get(pid);
        if (maps == null) {
            maps = ProcessMaps.fromProc(proc, pid, nextVersion++);
            processes.put(pid, maps, maps.bytes());
        }
        return maps;
    }

    /**
     * What the process's addresses mean now: changes with its mappings and JIT map, never
     * repeats (a new process under a reused pid gets a new one), and is never 0.
     */
    public long version(int pid) {
        return process(pid).version();
    }

    /**
     * Reads what the process's JIT map gained, if it is time to look again: for a stack that was
     * cached with addresses its map did not name. Whether the version changed.
     */
    public boolean jitChanged(int pid) {
        PerfMap map = jit.peek(pid);
        if (map == null || !jit.refresh(pid, map, System.nanoTime())) {
            return false;
        }
        process(pid).changed(nextVersion++);
        unnamed.name(pid, map);
        return true;
    }

    /** PERF_RECORD_MMAP2: an executable mapping appeared. */
    public void mmap(int pid, long start, long length, long pgoff, String path) {
        ProcessMaps maps = process(pid);
        maps.add(new ProcessMaps.Mapping(start, start + length, pgoff, path), nextVersion++);
        processes.resize(pid, maps.bytes());
    }

    /** The process exec'd: its old mappings are gone (the new ones arrive as MMAP2 records). */
    public void exec(int pid) {
        lastLook(pid);
        ProcessMaps fresh = new ProcessMaps(nextVersion++);
        processes.put(pid, fresh, fresh.bytes());
        jit.remove(pid);
    }

    /** The process exited (its last samples came before): what was kept for it goes. */
    public void exit(int pid) {
        lastLook(pid);
        processes.remove(pid);
        jit.remove(pid);
    }

    /**
     * The process exits or exec's: its map as it stands now names what it can of its addresses
     * left [unknown] (a JVM with -XX:+DumpPerfMapAtExit has just written it), and the rest are
     * forgotten, before a new process or program could take the pid and its map.
     */
    private void lastLook(int pid) {
        if (unnamed.count(pid) > 0) {
            look(pid, System.nanoTime(), true);
            unnamed.forget(pid);
        }
    }

    /** ELF files read for their symbols (a table evicted and needed again is read again). */
    long tablesRead() {
        return files.reads();
    }

    public SymbolBudgets budgets() {
        return budgets;
    }

    /** Frames left [unknown] because their table was over its budget (evicted, or too large to keep). */
    public long unresolvedOverBudget() {
        return overBudget;
    }

    /** The recording's counters for what the budgets cost, by name; all 0 for a symbolizer that never ran (null). */
    public static Map<String, Long> counters(Symbolizer s) {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("cpu_sample.symbol_tables_evicted", s == null ? 0 : s.files.evicted());
        c.put("cpu_sample.jit_maps_evicted", s == null ? 0 : s.jit.evicted());
        c.put("cpu_sample.process_maps_evicted", s == null ? 0 : s.processes.evictions());
        c.put("cpu_sample.frames_unresolved_over_budget", s == null ? 0 : s.overBudget);
        c.put("cpu_sample.jit_addresses_named_later", s == null ? 0 : s.unnamed.named());
        c.put("cpu_sample.jit_addresses_never_named", s == null ? 0 : s.unnamed.neverNamed());
        c.put("cpu_sample.jit_addresses_not_kept", s == null ? 0 : s.unnamed.notKept());
        return c;
    }
}
