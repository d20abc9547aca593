package sonde.analyzer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.db.Kinds;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Cli;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Opt;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.TerminalText;
import sonde.recorder.cli.UserError;
import sonde.recorder.tracefs.TraceInstance;
import sonde.recorder.tracefs.Tracefs;

/**
 * sonde repair: tidies a recording directory after a crash. A recorder killed with SIGKILL (or
 * by the OOM killer, or a power cut) leaves its open file as a hidden .NAME.parquet.tmp without
 * a footer: queries already ignore it, and it cannot be read; repair removes it once its
 * recorder is gone. Visible Parquet files that DuckDB cannot read (copied half, damaged) are
 * moved to DIR/.quarantine/ so queries over the directory work again. As root, it also removes
 * the tracing instances of recorders that are gone (still tracing, a cost to the host).
 *
 * <p>It changes only what a recording owns: files under the kind directories ({@code disk_io/},
 * {@code vfs_io/}, …), and of the hidden ones only those named as a recorder names its unfinished
 * files. A directory without kind directories is no recording, and is refused; links are not
 * followed.
 */
public final class RepairCommand {
    /** .ID-SEQ.parquet.tmp, ID as the recorder, import and ingest make it: [ingest-[INSTANCE-]]TIME-PID-HEX. */
    private static final Pattern TMP = Pattern.compile("\\.(?:ingest-(?:[A-Za-z0-9._-]+-)?)?\\d{8}T\\d{6}Z-(\\d+)-[0-9a-f]+-\\d+\\.parquet\\.tmp");

    static final CommandSpec SPEC = new CommandSpec("repair",
            "Tidy a recording directory after a crash: remove unfinished files of dead recorders, quarantine unreadable ones.",
            "DIR [--dry-run]",
            List.of(Opt.flag("dry-run", "say what would be done, change nothing")),
            List.of("sonde repair ./sonde-data", "after a recorder was killed with SIGKILL",
                    "sonde repair ./sonde-data --dry-run", "only look"));

    private RepairCommand() {
    }

    public static int run(String[] argv) {
        return Cli.run(SPEC, argv, RepairCommand::body);
    }

    private static int body(Args a) throws IOException {
        a.atMostPositionals(1);
        Path dir = Inputs.dir(a);
        if (!Files.isDirectory(dir)) {
            throw new UserError("no such directory: " + dir);
        }
        boolean dry = a.has("dry-run");
        int removed = 0;
        int kept = 0;
        int quarantined = 0;
        for (Path p : recordedFiles(dir)) {
            String name = p.getFileName().toString();
            if (TMP.matcher(name).matches()) {
                if (writerAlive(name)) {
                    kept++;
                    continue;
                }
                System.out.println((dry ? "would remove " : "removed ") + shown(dir, p) + " ("
                        + Files.size(p) + " bytes, unfinished: its recorder is gone)");
                if (!dry) {
                    Files.delete(p);
                }
                removed++;
            } else if (name.endsWith(".parquet") && !Dataset.readableParquet(p)) {
                Path to = dir.resolve(".quarantine").resolve(dir.relativize(p));
                System.out.println((dry ? "would move " : "moved ") + shown(dir, p) + " to "
                        + shown(dir, to) + " (not readable as Parquet)");
                if (!dry) {
                    quarantine(dir, to);
                    Files.move(p, to, StandardCopyOption.ATOMIC_MOVE);
                }
                quarantined++;
            }
        }
        System.out.println(removed + " unfinished file(s) " + (dry ? "to remove" : "removed") + ", " + quarantined
                + " unreadable file(s) " + (dry ? "to quarantine" : "quarantined") + ", " + kept
                + " still being written");
        staleInstances(dry);
        return 0;
    }

    /**
     * The regular files under the recording's kind directories, in name order; a directory
     * without any is not a recording, and repair leaves it alone.
     */
    private static List<Path> recordedFiles(Path dir) {
        List<String> kinds = Kinds.available().stream().map(Kinds.Kind::name).toList();
        List<Path> files = new ArrayList<>();
        boolean any = false;
        for (String kind : kinds) {
            Path sub = dir.resolve(kind);
            if (!Files.isDirectory(sub, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            any = true;
            try (Stream<Path> s = Files.walk(sub)) {
                s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(files::add);
            } catch (IOException | UncheckedIOException e) {
                Throwable why = e instanceof UncheckedIOException u ? u.getCause() : e;
                throw new UserError("cannot list " + sub + ": " + Reasons.of(why), null, e);
            }
        }
        if (!any) {
            throw new UserError(dir + " is not a sonde recording directory (no " + String.join("/, ", kinds)
                    + "/ inside); repair changes only what a recording owns", "give the directory a recording was written to");
        }
        files.sort(null);
        return files;
    }

    /** Makes the quarantine's directories, never through a link (someone else's, in a shared directory). */
    private static void quarantine(Path dir, Path to) throws IOException {
        Path p = dir;
        for (Path part : dir.relativize(to.getParent())) {
            p = p.resolve(part);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new UserError("cannot quarantine into " + p + ": it is not a directory (links are not followed)");
            }
            Files.createDirectory(p);
        }
    }

    /** A file's name below the directory, for the terminal: anyone who can write there chooses it. */
    private static String shown(Path dir, Path p) {
        return TerminalText.escape(dir.relativize(p).toString());
    }

    /**
     * Tracing instances of recorders that were killed together with their guard: left on, their
     * tracepoints cost every system call of the host. Only as root, where tracefs is mounted.
     */
    private static void staleInstances(boolean dry) {
        Tracefs fs = Tracefs.mounted().orElse(null);
        if (fs == null || !Files.isWritable(fs.root().resolve("instances"))) {
            return;
        }
        List<String> names = dry ? TraceInstance.orphans(fs) : TraceInstance.removeOrphans(fs);
        for (String n : names) {
            System.out.println((dry ? "would remove" : "removed") + " tracing instance " + n
                    + " (its recorder is gone; it was still tracing)");
        }
    }

    /** The recorder pid is in the file name; a live one is still writing it. */
    private static boolean writerAlive(String name) {
        Matcher m = TMP.matcher(name);
        return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false);
    }

}
