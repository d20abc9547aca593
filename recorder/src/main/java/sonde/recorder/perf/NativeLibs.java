package sonde.recorder.perf;

/** Binds the native calls (JNA) ahead of their first use. */
public final class NativeLibs {
    private NativeLibs() {
    }

    public static void bind() {
        LibC.INSTANCE.hashCode();
        try {
            Class.forName(Sys.class.getName(), true, Sys.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
