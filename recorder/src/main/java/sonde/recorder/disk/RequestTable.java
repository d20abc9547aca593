package sonde.recorder.disk;

import java.util.function.Consumer;

/**
 * Open requests by (device, sector), first in first out when several share a key: an
 * open-addressing table of chains, so that pairing an event makes no object (no boxed key, no
 * queue per key). Removal shifts entries back, so lookups never meet tombstones.
 */
final class RequestTable {
    private int[] devs = new int[64];
    private long[] sectors = new long[64];
    private Request[] heads = new Request[64];
    private int keys;
    private int size;

    private static int hash(int dev, long sector, int mask) {
        long h = (sector * 0x9E3779B97F4A7C15L) ^ dev;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    private int find(int dev, long sector) {
        int mask = heads.length - 1;
        for (int i = hash(dev, sector, mask); heads[i] != null; i = (i + 1) & mask) {
            if (sectors[i] == sector && devs[i] == dev) {
                return i;
            }
        }
        return -1;
    }

    /** Appends {@code r} to the requests waiting under (dev, sector). */
    void push(int dev, long sector, Request r) {
        r.next = null;
        size++;
        int i = find(dev, sector);
        if (i >= 0) {
            Request tail = heads[i];
            while (tail.next != null) {
                tail = tail.next;
            }
            tail.next = r;
            return;
        }
        if ((keys + 1) * 2 > heads.length) {
            grow();
        }
        int mask = heads.length - 1;
        i = hash(dev, sector, mask);
        while (heads[i] != null) {
            i = (i + 1) & mask;
        }
        devs[i] = dev;
        sectors[i] = sector;
        heads[i] = r;
        keys++;
    }

    /** Whether any request waits under (dev, sector). */
    boolean contains(int dev, long sector) {
        return find(dev, sector) >= 0;
    }

    /** Removes and returns the oldest request under (dev, sector), or null. */
    Request pop(int dev, long sector) {
        int i = find(dev, sector);
        if (i < 0) {
            return null;
        }
        Request r = heads[i];
        size--;
        if (r.next != null) {
            heads[i] = r.next;
        } else {
            removeAt(i);
        }
        r.next = null;
        return r;
    }

    private void removeAt(int i) {
        int mask = heads.length - 1;
        heads[i] = null;
        keys--;
        for (int j = (i + 1) & mask; heads[j] != null; j = (j + 1) & mask) {
            int home = hash(devs[j], sectors[j], mask);
            // move j back to i if its home is not in (i, j]
            if (((j - home) & mask) >= ((j - i) & mask)) {
                devs[i] = devs[j];
                sectors[i] = sectors[j];
                heads[i] = heads[j];
                heads[j] = null;
                i = j;
            }
        }
    }

    private void grow() {
        int[] oldDevs = devs;
        long[] oldSectors = sectors;
        Request[] oldHeads = heads;
        devs = new int[oldHeads.length * 2];
        sectors = new long[oldHeads.length * 2];
        heads = new Request[oldHeads.length * 2];
        int mask = heads.length - 1;
        for (int j = 0; j < oldHeads.length; j++) {
            if (oldHeads[j] != null) {
                int i = hash(oldDevs[j], oldSectors[j], mask);
                while (heads[i] != null) {
                    i = (i + 1) & mask;
                }
                devs[i] = oldDevs[j];
                sectors[i] = oldSectors[j];
                heads[i] = oldHeads[j];
            }
        }
    }

    /**
     * Hands {@code out} every request first seen before {@code beforeNs}, oldest of each key
     * first, and removes them.
     *
     * @return how many
     */
    long drain(long beforeNs, Consumer<Request> out) {
        long n = 0;
        for (int i = 0; i < heads.length; i++) {
            while (heads[i] != null && heads[i].firstSeenNs() < beforeNs) {
                Request r = heads[i];
                size--;
                n++;
                if (r.next != null) {
                    heads[i] = r.next;
                    r.next = null;
                    out.accept(r);
                } else {
                    removeAt(i); // an entry from further on may move into i: look at i again
                    out.accept(r);
                }
            }
        }
        return n;
    }

    int size() {
        return size;
    }
}
