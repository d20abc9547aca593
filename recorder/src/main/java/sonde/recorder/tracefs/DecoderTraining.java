package sonde.recorder.tracefs;

import sonde.recorder.perf.NativeException;
import sonde.recorder.perf.NonBlockingFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For the class-data-sharing training run (see CdsTraining): one ring-buffer page, written to
 * a file in the kernel's layout, read through a CPU buffer (the native read) and handed out in
 * time order to a decoder, as a recording does.
 */
public final class DecoderTraining {
    private static final String HEADER_PAGE = "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
            + "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
            + "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n";
    private static final String HEADER_EVENT = "\ttype_len    :    5 bits\n\ttime_delta  :   27 bits\n"
            + "\tpadding     : type == 29\n\ttime_extend : type == 30\n\ttime_stamp : type == 31\n"
            + "\tdata max type_len  == 28\n";
    private static final String FORMAT = "name: ev\nID: 7\nformat:\n"
            + "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
            + "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
            + "\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n\nprint fmt: \"%s\", REC->comm\n";

    private DecoderTraining() {
    }

    public static void run(Path dir) throws IOException, NativeException {
        ByteBuffer page = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        page.putLong(0, 1_000);
        page.putLong(8, 28);
        page.putInt(16, 6 | (5 << 5)); // 24 bytes of payload, 5 ns after the page's stamp
        page.putShort(20, (short) 7);
        page.put(28, "train".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path file = Files.write(dir.resolve("page"), page.array());
        EventFormat format = EventFormat.parse("train", FORMAT);
        Handlers handlers = new Handlers();
        Field comm = format.field("comm");
        String[] seen = new String[1];
        handlers.register(format, TracepointHandler.withEarly((cpu, ts, b, e) -> seen[0] = comm.getString(b, e),
                (cpu, ts, b, e) -> comm.getString(b, e)));
        CpuBuffer cpu = new CpuBuffer(0, 0, NonBlockingFile.open(file.toString()), handlers,
                PageLayout.parse(HEADER_PAGE, HEADER_EVENT), 4096, 2, new Losses());
        TimeOrder order = new TimeOrder(handlers);
        order.add(new CpuBuffer[] {cpu});
        cpu.read(4);
        cpu.read(4);
        order.release(Long.MAX_VALUE);
        cpu.close();
        if (!"train".equals(seen[0])) {
            throw new IllegalStateException("decoder training read back " + seen[0]);
        }
    }
}
