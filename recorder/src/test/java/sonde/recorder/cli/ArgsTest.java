package sonde.recorder.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgsTest {
    private static final CommandSpec SPEC = new CommandSpec("demo", "A demo.", "[-p PID] DIR",
            List.of(Opt.value("pid", 'p', "PID", "a pid"), Opt.flag("json", "json please"),
                    Opt.optionalValue("profile", "HZ", "sample"), Opt.value("duration", "DUR", "how long")),
            List.of("sonde demo x", "does x"));

    @Test
    void acceptsLongShortAndAttachedForms() {
        Args a = SPEC.parse(new String[] {"-p", "12", "dir", "--json", "--duration=5s"});
        assertEquals("12", a.get("pid"));
        assertEquals(List.of("dir"), a.positionals());
        assertTrue(a.has("json"));
        assertEquals(5_000_000_000L, a.durationNs("duration", 0));
        assertEquals("34", SPEC.parse(new String[] {"-p34"}).get("pid"));
        assertEquals("56", SPEC.parse(new String[] {"--pid", "56"}).get("pid"));
    }

    @Test
    void optionalValueOnlyWithEquals() {
        assertEquals("", SPEC.parse(new String[] {"--profile", "dir"}).get("profile"));
        assertEquals(List.of("dir"), SPEC.parse(new String[] {"--profile", "dir"}).positionals());
        assertEquals("499", SPEC.parse(new String[] {"--profile=499"}).get("profile"));
    }

    @Test
    void rejectsUnknownOptionsAndMissingValues() {
        assertEquals("unknown option --nope", assertThrows(UsageException.class,
                () -> SPEC.parse(new String[] {"--nope"})).getMessage());
        assertEquals("unknown option -x", assertThrows(UsageException.class,
                () -> SPEC.parse(new String[] {"-x"})).getMessage());
        assertTrue(assertThrows(UsageException.class, () -> SPEC.parse(new String[] {"-p"}))
                .getMessage().contains("needs a value"));
        assertTrue(assertThrows(UsageException.class, () -> SPEC.parse(new String[] {"--json=1"}))
                .getMessage().contains("takes no value"));
    }

    @Test
    void rejectsOutOfRangeNumbers() {
        Args a = SPEC.parse(new String[] {"--pid", "0"});
        assertThrows(UsageException.class, () -> a.intValue("pid", 1, 1, 10));
        Args b = SPEC.parse(new String[] {"--pid", "ten"});
        assertTrue(assertThrows(UsageException.class, () -> b.intValue("pid", 1, 1, 10))
                .getMessage().contains("'ten'"));
    }

    @Test
    void helpHasTheFixedShape() {
        String help = SPEC.help();
        assertTrue(help.startsWith("A demo.\n\nUSAGE: sonde demo [-p PID] DIR\n\nOPTIONS:\n"), help);
        assertTrue(help.contains("  -p, --pid PID"), help);
        assertTrue(help.contains("EXAMPLES:\n  sonde demo x  # does x\n"), help);
    }

    @Test
    void doubleDashEndsOptions() {
        assertEquals(List.of("-p"), SPEC.parse(new String[] {"--", "-p"}).positionals());
    }
}
