package sonde.analyzer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Properties;
import java.util.function.ToIntFunction;
import sonde.recorder.cli.StandardOutput;

/**
 * The analyzer's entry point: dispatches the first word to a command. A command is one line
 * in {@link #COMMANDS}. ({@code sonde record} is dispatched by the launcher script to the
 * recorder; it is listed here so that help shows every command.)
 */
public final class Main {
    /** A command: its word, its one-line summary, and its entry point (argv after the word). */
    private record Command(String name, String summary, ToIntFunction<String[]> run) {
    }

    private static final List<Command> COMMANDS = List.of(
            new Command("record", "record block I/O, file reads/writes and CPU stack samples to Parquet or Kafka; needs root", null),
            new Command("top", "who is using my disk: block I/O per process or device, like biotop", TopCommand::run),
            new Command("cache", "what the page cache absorbed: file system bytes vs disk bytes per process", CacheCommand::run),
            new Command("flame", "where CPU time went: flame graph SVG or folded stacks of the recorded samples", FlameCommand::run),
            new Command("collapse", "fold perf script output into stacks, exactly as stackcollapse-perf.pl", sonde.analyzer.flame.CollapseCommand::run),
            new Command("report", "one self-contained HTML page with every report of a recording", ReportCommand::run),
            new Command("verify", "check sonde's numbers on this host against known workloads; needs root",
                    sonde.analyzer.verify.VerifyCommand::run),
            new Command("repair", "tidy a recording directory after a crash (unfinished and unreadable files)",
                    RepairCommand::run),
            new Command("latency", "how slow is I/O: latency histograms at the disk or the syscall, like biolatency", LatencyCommand::run),
            new Command("heatmap", "latency heat map as SVG: time across, latency up, colour for the count", HeatmapCommand::run),
            new Command("import", "turn perf script output into a recording (cpu_sample), for the same SQL and graphs", ImportCommand::run),
            new Command("export", "the CPU samples as a pprof profile or a speedscope file, for other profile viewers", ExportCommand::run),
            new Command("sql", "run SQL against a recording's views (disk_io, recording, ...)", SqlCommand::run),
            new Command("ingest", "Kafka to Parquet: the events of every host that records with --kafka, for the same reports", sonde.analyzer.ingest.IngestCommand::run));

    private Main() {
    }

    public static void main(String[] args) {
        StandardOutput.install();
        System.exit(run(args));
    }

    /** Runs one command line; returns the exit status (0 ok, 1 failed, 2 bad usage). */
    public static int run(String[] args) {
        if (args.length == 0) {
            usage(System.err);
            return 2;
        }
        String word = args[0];
        String[] rest = List.of(args).subList(1, args.length).toArray(new String[0]);
        switch (word) {
            case "help", "--help", "-h" -> {
                Command c = rest.length > 0 ? find(rest[0]) : null;
                if (c != null && c.run() != null) {
                    return c.run().applyAsInt(new String[] {"--help"});
                }
                usage(System.out);
                return StandardOutput.check("sonde: ", 0, System.err);
            }
            case "--version", "version" -> {
                System.out.println("sonde " + version());
                return StandardOutput.check("sonde: ", 0, System.err);
            }
            default -> {
                Command c = find(word);
                if (c == null) {
                    System.err.println("sonde: unknown command '" + word + "'");
                    System.err.println("USAGE: sonde COMMAND [OPTIONS]   (commands: "
                            + String.join(", ", COMMANDS.stream().map(Command::name).toList()) + "; sonde help)");
                    return 2;
                }
                if (c.run() == null) {
                    System.err.println("sonde: '" + word + "' is run by the sonde launcher script: ./sonde " + word + " ...");
                    return 2;
                }
                return c.run().applyAsInt(rest);
            }
        }
    }

    private static Command find(String name) {
        return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private static void usage(PrintStream out) {
        out.println("sonde: record what a Linux host's disks, files and CPUs are doing; analyze it afterwards with SQL.");
        out.println();
        out.println("USAGE: sonde COMMAND [OPTIONS]   (sonde COMMAND --help for its options)");
        out.println();
        out.println("COMMANDS:");
        int width = COMMANDS.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (Command c : COMMANDS) {
            out.println("  " + c.name() + " ".repeat(width - c.name().length()) + "  " + c.summary());
        }
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
