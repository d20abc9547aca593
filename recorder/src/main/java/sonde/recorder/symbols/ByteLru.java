package sonde.recorder.symbols;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A least-recently-used cache bounded by the bytes its values hold (as the caller weighs them,
 * plus the map's own cost per entry): putting a value evicts the least recently used others
 * until the total is within the budget again, and a value that alone is over the budget is not
 * kept. Evictions are counted, never thrown. Not thread-safe.
 */
public final class ByteLru<K, V> {
    /** What the map itself takes per entry: a linked hash map node, a holder, a boxed key. */
    static final long ENTRY_BYTES = 96;

    private static final class Held<V> {
        final V value;
        long bytes;

        Held(V value, long bytes) {
            this.value = value;
            this.bytes = bytes;
        }
    }

    private final LinkedHashMap<K, Held<V>> map = new LinkedHashMap<>(64, 0.75f, true);
    private final long budget;
    private final BiConsumer<K, V> onEvict;
    private long bytes;
    private long evictions;

    /** @param onEvict told of each value evicted for room (not of those removed or replaced); may be null */
    public ByteLru(long budgetBytes, BiConsumer<K, V> onEvict) {
        this.budget = budgetBytes;
        this.onEvict = onEvict;
    }

    /** The value, now the most recently used; or null. */
    public V get(K key) {
        Held<V> h = map.get(key);
        return h == null ? null : h.value;
    }

    /**
     * Keeps {@code value} as the most recently used, weighing {@code valueBytes}; false (and
     * nothing kept, counted as an eviction) when it alone is over the budget.
     */
    public boolean put(K key, V value, long valueBytes) {
        remove(key);
        Held<V> h = new Held<>(value, valueBytes + ENTRY_BYTES);
        map.put(key, h);
        bytes += h.bytes;
        return trim(key);
    }

    /** The value of {@code key} now weighs {@code valueBytes}; false when that alone is over the budget (and it went). */
    public boolean resize(K key, long valueBytes) {
        Held<V> h = map.get(key);
        if (h == null) {
            return false;
        }
        bytes += valueBytes + ENTRY_BYTES - h.bytes;
        h.bytes = valueBytes + ENTRY_BYTES;
        return trim(key);
    }

    /** Evicts the least recently used entries, {@code key} last, until within the budget; whether key stayed. */
    private boolean trim(K key) {
        Iterator<Map.Entry<K, Held<V>>> it = map.entrySet().iterator();
        while (bytes > budget && it.hasNext()) {
            Map.Entry<K, Held<V>> e = it.next();
            if (!e.getKey().equals(key)) {
                it.remove();
                evicted(e.getKey(), e.getValue());
            }
        }
        if (bytes > budget) {
            evicted(key, map.remove(key));
        }
        return map.containsKey(key);
    }

    private void evicted(K key, Held<V> h) {
        bytes -= h.bytes;
        evictions++;
        if (onEvict != null) {
            onEvict.accept(key, h.value);
        }
    }

    /** Removes without counting an eviction; returns the value, or null. */
    public V remove(K key) {
        Held<V> h = map.remove(key);
        if (h == null) {
            return null;
        }
        bytes -= h.bytes;
        return h.value;
    }

    public long bytes() {
        return bytes;
    }

    public long budget() {
        return budget;
    }

    public int size() {
        return map.size();
    }

    /** Values evicted for room, or not kept because they alone were over the budget. */
    public long evictions() {
        return evictions;
    }
}
