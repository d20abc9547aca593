package sonde.recorder.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A tool (dd, fio, cat) under a command name of the test's own, unique on this host, so that the
 * test can record only its workload ({@code -c comm}) and count its rows exactly however many
 * other processes run the same tool. The kernel names a process after the base name of the file
 * it executes: {@code exe} is a copy of the tool under that name (a symbolic link would do too,
 * but JUnit warns at length about every link out of a temporary directory it removes).
 *
 * @param comm the command name, at most 15 characters as the kernel keeps it ("sonde-dd-k3x9")
 */
public record Named(String comm, Path exe) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

    /** Copies {@code tool} (found on PATH) as sonde-TAG-XXXX into {@code dir}. */
    public static Named of(String tool, String tag, Path dir) throws IOException {
        return copy(Workloads.which(tool), uniqueComm(tag), dir);
    }

    /** Copies {@code tool} under a name tagged with the tool's own (at most four characters of it). */
    public static Named of(String tool, Path dir) throws IOException {
        return of(tool, tool.length() > 4 ? tool.substring(0, 4) : tool, dir);
    }

    /** Copies a program (a built one, say) as dir/COMM. */
    public static Named copy(Path program, String comm, Path dir) throws IOException {
        Path exe = Files.copy(program, dir.resolve(comm));
        if (!exe.toFile().setExecutable(true, false)) {
            throw new IOException("cannot make " + exe + " executable");
        }
        return new Named(comm, exe);
    }

    /** sonde-TAG-XXXX, XXXX random: TAG has at most four characters, so that the name fits the kernel's 15. */
    public static String uniqueComm(String tag) {
        if (tag.length() > 4) {
            throw new IllegalArgumentException("tag '" + tag + "' longer than 4: the name would not fit 15 characters");
        }
        StringBuilder comm = new StringBuilder("sonde-").append(tag).append('-');
        for (int i = 0; i < 4; i++) {
            comm.append(DIGITS.charAt(RANDOM.nextInt(DIGITS.length())));
        }
        return comm.toString();
    }
}
