package sonde.analyzer.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** sonde collapse against stackcollapse-perf.pl's own outputs: 13 inputs x 6 options. */
class CollapseCorpusTest {
    private static final List<String> OPTIONS = List.of("pid", "tid", "kernel", "jit", "all", "addrs");

    static Stream<Arguments> cases() throws IOException {
        try (Stream<Path> files = Files.list(Corpus.dir())) {
            List<String> inputs = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".txt"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .toList();
            return inputs.stream().flatMap(in -> OPTIONS.stream().map(opt -> Arguments.of(in, opt)));
        }
    }

    @Test
    void corpusHas78Cases() throws IOException {
        assertEquals(78, cases().count());
    }

    @ParameterizedTest(name = "{0} --{1}")
    @MethodSource("cases")
    void printsExactlyWhatTheReferencePrints(String input, String option) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CollapseCommand.run(new String[] {"--" + option, Corpus.input(input).toString()},
                new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        Corpus.assertSameBytes(Files.readAllBytes(Corpus.expected(input, option)), out.toByteArray(), input + " --" + option);
    }

    static Stream<String> inputs() throws IOException {
        return cases().map(c -> (String) c.get()[0]).distinct();
    }

    @ParameterizedTest(name = "{0} --all, from stdin, option after the dash")
    @MethodSource("inputs")
    void readsStdinWithTheOptionAfterTheFileArgument(String input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = CollapseCommand.run(new String[] {"-", "--all"},
                new ByteArrayInputStream(Files.readAllBytes(Corpus.input(input))), out,
                new PrintStream(OutputStream.nullOutputStream()));
        assertEquals(0, status);
        Corpus.assertSameBytes(Files.readAllBytes(Corpus.expected(input, "all")), out.toByteArray(), input + " --all (stdin)");
    }
}
