package sonde.recorder;

import sonde.recorder.cli.Cli;
import sonde.recorder.cli.StandardOutput;

import java.util.Arrays;

/** `sonde record …`: the launcher sends the whole command line here. */
public final class Main {
    private Main() {
    }

    public static void main(String[] argv) {
        String[] args = argv.length > 0 && argv[0].equals("record") ? Arrays.copyOfRange(argv, 1, argv.length) : argv;
        StandardOutput.install();
        System.exit(run(args));
    }

    public static int run(String[] args) {
        return Cli.run(RecordOptions.SPEC, args,
                a -> new Recorder(RecordOptions.parse(args, a), System.err).run());
    }
}
