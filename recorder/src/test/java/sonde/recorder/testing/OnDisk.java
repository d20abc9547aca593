package sonde.recorder.testing;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code @TempDir(factory = OnDisk.class)}: a temporary directory under the module's
 * target/scratch, on the build's disk, for files whose block I/O a test measures; JUnit removes
 * it after the test as any other @TempDir, so a run leaves no scratch behind.
 */
public final class OnDisk implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
        return Files.createTempDirectory(Files.createDirectories(Workloads.scratchRoot()),
                context.getRequiredTestClass().getSimpleName() + "-");
    }
}
