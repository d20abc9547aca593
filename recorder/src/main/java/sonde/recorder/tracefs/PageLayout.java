package sonde.recorder.tracefs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ring buffer's page and event header layout, from events/header_page and
 * events/header_event. Page: a u64 timestamp, a commit word (bytes of data, with the
 * missed-events flags in bits 31 and 30), then the data. Event header: a u32 of type_len (low
 * bits) and time_delta; type_len 1..max means 4*type_len bytes of payload follow, 0 means a u32
 * length then payload, and three reserved values mark padding, time extends and absolute
 * time stamps.
 */
public record PageLayout(int timestampOffset, int commitOffset, int commitSize, int dataOffset, int dataSize,
                         int typeLenBits, int timeDeltaBits, int padding, int timeExtend, int timeStamp,
                         int dataMaxTypeLen) {

    private static final Pattern PAGE_FIELD = Pattern.compile(
            "field:\\s*(.+?)\\s+(\\w+);\\s*offset:(\\d+);\\s*size:(\\d+);");

    public static PageLayout parse(String headerPage, String headerEvent) {
        int tsOff = -1;
        int commitOff = -1;
        int commitSize = -1;
        int dataOff = -1;
        int dataSize = -1;
        Matcher m = PAGE_FIELD.matcher(headerPage);
        while (m.find()) {
            int off = Integer.parseInt(m.group(3));
            int size = Integer.parseInt(m.group(4));
            switch (m.group(2)) {
                case "timestamp" -> tsOff = off;
                case "commit" -> {
                    commitOff = off;
                    commitSize = size;
                }
                case "data" -> {
                    dataOff = off;
                    dataSize = size;
                }
                default -> {
                    // "overwrite" overlays the commit word's flag bits
                }
            }
        }
        if (tsOff < 0 || commitOff < 0 || dataOff < 0) {
            throw new IllegalArgumentException("unsupported events/header_page: no timestamp, commit or data field");
        }
        return new PageLayout(tsOff, commitOff, commitSize, dataOff, dataSize,
                number(headerEvent, "type_len\\s*:\\s*(\\d+)\\s*bits"),
                number(headerEvent, "time_delta\\s*:\\s*(\\d+)\\s*bits"),
                number(headerEvent, "padding\\s*:\\s*type\\s*==\\s*(\\d+)"),
                number(headerEvent, "time_extend\\s*:\\s*type\\s*==\\s*(\\d+)"),
                number(headerEvent, "time_stamp\\s*:\\s*type\\s*==\\s*(\\d+)"),
                number(headerEvent, "data max type_len\\s*==\\s*(\\d+)"));
    }

    private static int number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("unsupported events/header_event: no match for " + regex);
        }
        return Integer.parseInt(m.group(1));
    }

    public int typeLenMask() {
        return (1 << typeLenBits) - 1;
    }
}
