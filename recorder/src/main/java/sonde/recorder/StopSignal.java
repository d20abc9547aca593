package sonde.recorder;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * SIGINT, SIGTERM and SIGHUP (the terminal or SSH session went away) ask a command to finish
 * cleanly (flush, close files, summarize); a second signal while finishing gives up at
 * once, leaving only hidden temporary files.
 *
 * <p>sun.misc.Signal (module jdk.unsupported) is the only JDK API that handles a signal without
 * the JVM exiting; it is reached through reflection because javac warns, unsuppressably, about
 * any direct use of it.
 */
public final class StopSignal {
    /** SIGQUIT is left to the JVM (a thread dump), which keeps it. */
    private static final String[] SIGNALS = {"INT", "TERM", "HUP"};

    private final String command;
    private volatile String received;
    private volatile Runnable onStop = () -> { };

    /** @param command the command word for the message ("record", "ingest") */
    public StopSignal(String command) {
        this.command = command;
    }

    public void install() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Method handle = signal.getMethod("handle", signal, handler);
            MethodHandle target = MethodHandles.lookup().findVirtual(StopSignal.class, "onSignal",
                    MethodType.methodType(void.class, Object.class)).bindTo(this);
            Object h = MethodHandleProxies.asInterfaceInstance(handler, target);
            for (String name : SIGNALS) {
                try {
                    handle.invoke(null, signal.getConstructor(String.class).newInstance(name), h);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // ignored when the JVM started (nohup: SIGHUP) or kept by the JVM: left as it is
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no signal handling on this JVM: the default (exit) stays, as for any program
        }
    }

    /** Installs the handlers and runs {@code onStop} (on the signal thread) at the first signal, e.g. to wake a blocked poll. */
    public void install(Runnable onStop) {
        this.onStop = onStop;
        install();
    }

    private void onSignal(Object s) {
        String name = "SIG" + invoke(s, "getName");
        if (received != null) {
            System.err.println("sonde " + command + ": second " + name + ", exiting without finishing the open files");
            Runtime.getRuntime().halt(128 + ((Number) invoke(s, "getNumber")).intValue());
        }
        received = name;
        onStop.run();
    }

    private static Object invoke(Object s, String method) {
        try {
            return s.getClass().getMethod(method).invoke(s);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean stopRequested() {
        return received != null;
    }

    /** The signal that asked to stop (SIGINT, SIGTERM, SIGHUP), or null. */
    public String received() {
        return received;
    }
}
