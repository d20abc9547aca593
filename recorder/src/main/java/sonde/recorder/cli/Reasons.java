package sonde.recorder.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.regex.Pattern;

/**
 * A failure in the words a user reads ("no such file or directory: /proc/x"), never a Java
 * exception's class name ("NoSuchFile /proc/x", "java.nio.file.AccessDeniedException"): the
 * JDK's file errors carry only the path as their message and say what happened in their class.
 */
public final class Reasons {
    /** An exception's class name, qualified or not, as messages pass it on ("TProtocolException: "). */
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b(?:[\\w$]+[.:]{1,2})*\\w*Exception\\b:?\\s*");

    private Reasons() {
    }

    /** Why {@code t} failed, as one line: the reason, then the file it names if any. */
    public static String of(Throwable t) {
        if (t instanceof FileSystemException f && (f.getReason() != null || known(f))) {
            String reason = reason(f);
            String file = f.getFile();
            String other = f.getOtherFile();
            return file == null ? reason : reason + ": " + file + (other == null ? "" : " -> " + other);
        }
        String m = t.getMessage();
        String line = m == null ? "" : clean(m.lines().findFirst().orElse("").trim());
        return line.isEmpty() ? "an unexpected failure (run with -v for the details)" : line;
    }

    /** Whether the class says what happened (its message is only the path). */
    private static boolean known(FileSystemException f) {
        return f instanceof NoSuchFileException || f instanceof AccessDeniedException || f instanceof FileAlreadyExistsException
                || f instanceof NotDirectoryException || f instanceof DirectoryNotEmptyException || f instanceof NotLinkException
                || f instanceof FileSystemLoopException;
    }

    private static String reason(FileSystemException f) {
        if (f instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (f instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (f instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (f instanceof NotLinkException) {
            return "not a symbolic link";
        }
        if (f instanceof FileSystemLoopException) {
            return "too many levels of symbolic links";
        }
        // the kernel's own words (strerror), e.g. "No space left on device"
        return f.getReason() == null ? "input/output error" : clean(f.getReason());
    }

    /** {@code s} without exception class names. */
    public static String clean(String s) {
        return EXCEPTION_NAME.matcher(s).replaceAll("").trim();
    }
}
