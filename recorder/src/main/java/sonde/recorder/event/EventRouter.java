package sonde.recorder.event;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Hands each ordered event to every consumer registered for its type. */
public final class EventRouter implements Consumer<Timed> {
    private record Route<T>(Class<T> type, Consumer<? super T> consumer) {
        boolean offer(Timed e) {
            if (type.isInstance(e)) {
                consumer.accept(type.cast(e));
                return true;
            }
            return false;
        }
    }

    private final List<Route<?>> routes = new ArrayList<>();
    private long unrouted;

    public <T extends Timed> void route(Class<T> type, Consumer<? super T> consumer) {
        routes.add(new Route<>(type, consumer));
    }

    @Override
    public void accept(Timed e) {
        boolean routed = false;
        for (Route<?> r : routes) {
            routed |= r.offer(e);
        }
        if (!routed) {
            unrouted++;
        }
    }

    public long unrouted() {
        return unrouted;
    }
}
