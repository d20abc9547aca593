package sonde.recorder.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Programs that make a profiler meet many large symbol tables, as issue 12's hosts did: a shared
 * library of many functions under long C++ names (100,000 make 8 MiB of symbols, like DuckDB's
 * JDBC library that every DuckDB run unpacks to a fresh /tmp/libduckdb_java*.so), copied to a new
 * path for every run so that each run maps a distinct file; and a program that runs code in
 * anonymous memory named by a /tmp/perf-PID.map it writes in two halves, as a JIT does. Both spin
 * for a given CPU time, so a busy machine makes them slower, not less sampled.
 */
public final class SymbolLoad implements AutoCloseable {
    /** The library's spinning function, and the names the JIT program gives its code. */
    public static final String LIBRARY_FUNCTION = "sonde_spin";
    public static final String JIT_PREFIX = "LSondeGenerated";

    private static final String SPIN_C = """
            #include <time.h>
            static volatile unsigned long sink;
            static double cpu(void) {
                struct timespec t;
                clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
                return t.tv_sec + t.tv_nsec / 1e9;
            }
            __attribute__((noinline)) void sonde_spin(double seconds) {
                double until = cpu() + seconds;
                do {
                    for (int i = 0; i < 100000; i++) sink += i;
                } while (cpu() < until);
            }
            """;
    private static final String USER_C = """
            #include <dlfcn.h>
            #include <stdio.h>
            #include <stdlib.h>
            int main(int argc, char **argv) {
                void *lib = dlopen(argv[1], RTLD_NOW);
                if (!lib) { fprintf(stderr, "%s\\n", dlerror()); return 1; }
                void (*spin)(double) = (void (*)(double)) dlsym(lib, "sonde_spin");
                spin(atof(argv[2]));
                return 0;
            }
            """;
    /** Each 16 bytes of code: 1: dec %rdi; jnz 1b; ret. Its perf map names every 16 bytes. */
    private static final String JIT_C = """
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/mman.h>
            #include <time.h>
            #include <unistd.h>
            static double cpu(void) {
                struct timespec t;
                clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
                return t.tv_sec + t.tv_nsec / 1e9;
            }
            int main(int argc, char **argv) {
                static const unsigned char loop[] = {0x48, 0xff, 0xcf, 0x75, 0xfb, 0xc3};
                long half = atol(argv[1]);
                double seconds = atof(argv[2]);
                unsigned char *code = mmap(NULL, half * 2 * 16, PROT_READ | PROT_WRITE | PROT_EXEC,
                                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (code == MAP_FAILED) { perror("mmap"); return 1; }
                for (long i = 0; i < 2 * half; i++) memcpy(code + 16 * i, loop, sizeof loop);
                char path[64];
                snprintf(path, sizeof path, "/tmp/perf-%d.map", getpid());
                FILE *map = fopen(path, "w");
                if (!map) { perror(path); return 1; }
                for (int h = 0; h < 2; h++) {
                    for (long i = h * half; i < (h + 1) * half; i++) {
                        fprintf(map, "%lx 10 LSondeGenerated%02ld;::method_%06ld(Ljava/lang/String;IJ)Ljava/lang/Object;\\n",
                                (unsigned long) (code + 16 * i), i % 53, i);
                    }
                    fflush(map);
                    void (*f)(unsigned long) = (void (*)(unsigned long)) (code + 16 * (h * half + half / 2));
                    double until = cpu() + seconds;
                    while (cpu() < until) f(1000000);
                }
                fclose(map);
                return 0;
            }
            """;

    private final Path dir;
    private final Path copies;
    private final Path library;
    private final Path user;
    private final Path jit;
    private final List<Long> jitPids = new ArrayList<>();

    private SymbolLoad(Path dir, Path copies) {
        this.dir = dir;
        this.copies = copies;
        this.library = dir.resolve("libbig.so");
        this.user = dir.resolve("user");
        this.jit = dir.resolve("jit");
    }

    /** Builds the library (of {@code functions} functions) and both programs with gcc, in {@code dir}. */
    public static SymbolLoad build(Path dir, int functions) throws IOException, InterruptedException {
        Privileged.requireTool("gcc");
        Path shm = Path.of("/dev/shm");
        // the copies live in memory when /dev/shm lets code run from it: 200 runs write 1.7 GB
        Path copies = Files.createTempDirectory(Files.isWritable(shm) && !noexec(shm) ? shm : dir, "sonde-libs");
        SymbolLoad load = new SymbolLoad(dir, copies);
        Path fillers = dir.resolve("fillers.s");
        try (BufferedWriter w = Files.newBufferedWriter(fillers)) {
            w.write("\t.section .note.GNU-stack,\"\",@progbits\n\t.text\n");
            for (int i = 0; i < functions; i++) {
                String name = String.format("_ZN5sonde4test9generated8module%02d15function_%06dEPKcmi", i % 97, i);
                w.write("\t.type " + name + ",@function\n" + name + ":\n\tret\n\t.size " + name + ",1\n");
            }
        }
        Path spin = Files.writeString(dir.resolve("spin.c"), SPIN_C);
        gcc(List.of("-O1", "-fno-omit-frame-pointer", "-shared", "-fPIC", "-o", load.library.toString(), spin.toString(),
                fillers.toString()));
        gcc(List.of("-O1", "-fno-omit-frame-pointer", "-o", load.user.toString(),
                Files.writeString(dir.resolve("user.c"), USER_C).toString(), "-ldl"));
        gcc(List.of("-O1", "-fno-omit-frame-pointer", "-o", load.jit.toString(),
                Files.writeString(dir.resolve("jit.c"), JIT_C).toString()));
        Files.delete(fillers);
        return load;
    }

    private static void gcc(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gcc"));
        cmd.addAll(args);
        Workloads.run(cmd);
    }

    /** Whether the file system at {@code dir} is mounted noexec (Docker's /dev/shm is). */
    private static boolean noexec(Path dir) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" "))
                .anyMatch(f -> f.length > 3 && f[1].equals(dir.toString()) && List.of(f[3].split(",")).contains("noexec"));
    }

    /** A started program and the library copy it maps (null for the JIT program). */
    public record Run(Process process, Path copy) {
    }

    /** Starts a program that maps a fresh copy of the library and spins in it for {@code cpuSeconds}. */
    public Run startLibraryRun(double cpuSeconds) throws IOException {
        Path copy = copies.resolve("libbig-" + UUID.randomUUID() + ".so");
        Files.copy(library, copy);
        Process p = new ProcessBuilder(user.toString(), copy.toString(), String.valueOf(cpuSeconds))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return new Run(p, copy);
    }

    /** Starts the JIT program: {@code entries} named pieces of code per half, spinning {@code cpuSeconds} in each. */
    public Run startJitRun(int entries, double cpuSeconds) throws IOException {
        Process p = new ProcessBuilder(jit.toString(), String.valueOf(entries), String.valueOf(cpuSeconds))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        jitPids.add(p.pid());
        return new Run(p, null);
    }

    /** Where the library copies are. */
    public Path copies() {
        return copies;
    }

    /** Deletes the copies, the JIT programs' perf maps and what was built. */
    @Override
    public void close() throws IOException {
        for (long pid : jitPids) {
            Files.deleteIfExists(Path.of("/tmp/perf-" + pid + ".map"));
        }
        for (Path d : List.of(copies, dir)) {
            if (Files.exists(d)) {
                try (Stream<Path> s = Files.walk(d)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
