package sonde.recorder.sink;

import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UserError;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where sonde writes, checked against other local users' traps. sonde usually runs as root, and
 * another user can place symbolic links in shared directories (/tmp, /var/tmp) or in directories
 * of their own: a link is followed only if it belongs to root or to the user running sonde, in
 * any component of the path. A directory that sonde fills (an output directory, a spool) must
 * belong to that user and be writable by nobody else, or someone else could plant links in it or
 * swap what sonde made there.
 */
public final class TrustedPaths {
    /** Linux's own bound on links followed in one lookup (MAXSYMLINKS). */
    private static final int MAX_LINKS = 40;
    private static final Set<PosixFilePermission> WRITE_BY_OTHERS = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private TrustedPaths() {
    }

    /**
     * {@code given} made absolute with every symbolic link in it resolved, as the kernel would,
     * except that a link owned by someone other than root and this user is refused. Components
     * that do not exist (yet) are kept as they are.
     *
     * @param what what the path is, for the message ("output", "spool")
     */
    public static Path resolve(Path given, String what, String hint) {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, given.toAbsolutePath());
        Path cur = given.getFileSystem().getPath("/");
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                cur = cur.getParent() == null ? cur : cur.getParent();
                continue;
            }
            Path next = cur.resolve(name);
            PosixFileAttributes a;
            try {
                a = Files.readAttributes(next, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException | AccessDeniedException e) {
                // what is not there yet is created without following anything; what cannot be
                // looked at fails when it is used, with its own message
                return rest(next, todo);
            } catch (IOException e) {
                throw new UserError("cannot check " + what + " " + given + ": " + Reasons.of(e), hint);
            }
            if (!a.isSymbolicLink()) {
                cur = next;
                continue;
            }
            if (!trusts(uid(next))) {
                String where = next.equals(given.toAbsolutePath()) ? "" : ": " + next;
                throw new UserError(what + " " + given + where + " is a symbolic link owned by " + a.owner().getName()
                        + "; not following it", hint);
            }
            if (++links > MAX_LINKS) {
                throw new UserError("cannot check " + what + " " + given + ": too many levels of symbolic links", hint);
            }
            Path target;
            try {
                target = Files.readSymbolicLink(next);
            } catch (IOException e) {
                throw new UserError("cannot check " + what + " " + given + ": " + Reasons.of(e), hint);
            }
            push(todo, target);
            if (target.isAbsolute()) {
                cur = target.getRoot();
            }
        }
        return cur;
    }

    /**
     * Refuses a directory that belongs to another user or that its group or others may write
     * to. The directory itself is not followed if it is a link (resolve the path first).
     */
    public static void requireOwnDirectory(Path dir, String what, Path given, String hint) {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UserError("cannot check " + what + " " + given + ": " + Reasons.of(e), hint);
        }
        if (!a.isDirectory()) {
            throw new UserError(what + " " + given + " is not a directory", hint);
        }
        if (uid(dir) != euid()) {
            throw new UserError(what + " " + given + " belongs to " + a.owner().getName() + ", not to "
                    + System.getProperty("user.name") + "; not writing into it", hint);
        }
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(a.permissions());
        open.retainAll(WRITE_BY_OTHERS);
        if (!open.isEmpty()) {
            throw new UserError(what + " " + given + " is writable by " + (open.size() == 2 ? "group and others"
                    : open.contains(PosixFilePermission.GROUP_WRITE) ? "its group" : "others")
                    + "; not writing into it", "remove their write permission (chmod go-w " + given + "), or " + hint);
        }
    }

    /** Whether what {@code uid} owns may steer where sonde writes: root's and this user's, no one else's. */
    public static boolean trusts(int uid) {
        return uid == 0 || uid == euid();
    }

    /** The effective user id of this process (the owner of what it creates). */
    private static int euid() {
        return Euid.VALUE;
    }

    private static int uid(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UserError("cannot check " + p + ": " + Reasons.of(e));
        }
    }

    private static void push(Deque<String> todo, Path p) {
        for (int i = p.getNameCount() - 1; i >= 0; i--) {
            todo.push(p.getName(i).toString());
        }
    }

    private static Path rest(Path p, Deque<String> todo) {
        while (!todo.isEmpty()) {
            p = p.resolve(todo.pop());
        }
        return p.normalize();
    }

    /** Read once: /proc/self/status says "Uid: real effective saved fs". */
    private static final class Euid {
        static final int VALUE = read();

        private static int read() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Uid:")) {
                        return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot read the effective uid from /proc/self/status", e);
            }
            throw new IllegalStateException("no Uid line in /proc/self/status");
        }
    }
}
