package sonde.recorder.sink.kafka;

import sonde.recorder.cli.OptionFile;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UsageException;
import sonde.recorder.cli.UserError;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import java.util.regex.Pattern;

/** Validation of the Kafka options that `sonde record` and `sonde ingest` share. */
public final class KafkaArgs {
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):(\\d{1,5})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private KafkaArgs() {
    }

    /** HOST:PORT[,HOST:PORT…], the bootstrap servers; a bad one is a usage error naming the value. */
    public static String bootstrap(String value) {
        if (value == null || value.isBlank()) {
            throw new UsageException("bad --kafka '" + value + "': expected HOST:PORT");
        }
        for (String hp : value.split(",", -1)) {
            var m = HOST_PORT.matcher(hp.trim());
            if (!m.matches()) {
                throw new UsageException("bad --kafka '" + value + "': expected HOST:PORT (e.g. localhost:9092), got '" + hp.trim() + "'");
            }
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw new UsageException("bad --kafka '" + value + "': port " + port + " is not between 1 and 65535");
            }
        }
        return value.replace(" ", "");
    }

    /** A topic prefix: letters, digits, '.', '_', '-' (what Kafka allows in topic names). */
    public static String topicPrefix(String value) {
        if (!NAME.matcher(value).matches()) {
            throw new UsageException("bad --topic-prefix '" + value + "': use letters, digits, '.', '_' or '-'");
        }
        return value;
    }

    /** A host name for partition directories (host=NAME) and message keys. */
    public static String hostName(String value) {
        if (!NAME.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new UsageException("bad --host '" + value + "': use letters, digits, '.', '_' or '-'");
        }
        return value;
    }

    /**
     * Standard Kafka client properties (TLS, SASL, …) from a file (regular, at most 1 MiB); sonde's
     * own keys start with "sonde.".
     */
    public static Properties config(String file) {
        Properties p = new Properties();
        if (file == null) {
            return p;
        }
        try {
            p.load(new StringReader(OptionFile.read("kafka-config", file, 1 << 20)));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot read --kafka-config " + file + ": " + Reasons.of(e), null, e);
        }
        return p;
    }

    /** Removes and returns a sonde.* duration in ms from client properties, or the default. */
    static long takeMs(Properties p, String key, long orElse) {
        Object v = p.remove(key);
        if (v == null) {
            return orElse;
        }
        try {
            long ms = Long.parseLong(v.toString().trim());
            if (ms < 0) {
                throw new NumberFormatException();
            }
            return ms;
        } catch (NumberFormatException e) {
            throw new UserError("bad " + key + " '" + v + "' in --kafka-config: expected milliseconds");
        }
    }

    /** The client properties without sonde's own keys. */
    public static Properties clientOnly(Properties p) {
        Properties c = new Properties();
        p.stringPropertyNames().stream().filter(k -> !k.startsWith("sonde.")).forEach(k -> c.setProperty(k, p.getProperty(k)));
        return c;
    }
}
