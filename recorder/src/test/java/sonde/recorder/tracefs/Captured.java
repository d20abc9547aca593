package sonde.recorder.tracefs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Files captured from this kernel's tracefs (see src/test/resources/.../captured/README). */
final class Captured {
    private Captured() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Captured.class.getResourceAsStream("captured/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource captured/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static EventFormat format(String system, String file) {
        return EventFormat.parse(system, text(file));
    }

    static PageLayout layout() {
        return PageLayout.parse(text("header_page"), text("header_event"));
    }
}
