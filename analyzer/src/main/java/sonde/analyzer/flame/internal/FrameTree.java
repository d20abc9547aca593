package sonde.analyzer.flame.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folded stacks merged into a tree: one node per distinct call path, children in name order.
 * This is what flamegraph.pl's flow() builds from its sorted input, where identical frames at
 * the same depth under the same parent merge into one wider frame.
 */
public final class FrameTree {
    /** One frame of the graph. Totals include the children; self is the frame's own samples. */
    public static final class Node {
        private final String name;
        private long total;
        private long self;
        private long delta;
        private TreeMap<String, Node> children;

        Node(String name) {
            this.name = name;
        }

        /** The frame as in the folded stack, annotation included; "" for the root. */
        public String name() {
            return name;
        }

        public long total() {
            return total;
        }

        public long self() {
            return self;
        }

        /** In a differential tree, after minus before of this frame's own samples. */
        public long delta() {
            return delta;
        }

        /** Children in the tree's name order. */
        public Collection<Node> children() {
            return children == null ? List.of() : children.values();
        }

        private Node child(String childName, Comparator<String> order) {
            if (children == null) {
                children = new TreeMap<>(order);
            }
            return children.computeIfAbsent(childName, Node::new);
        }
    }

    private final Comparator<String> order;
    private final Node root = new Node("");
    private long maxDelta = 1;

    public FrameTree(Comparator<String> order) {
        this.order = order;
    }

    public Node root() {
        return root;
    }

    /** The largest change of any one stack, at least 1 (flamegraph.pl's maxdelta). */
    public long maxDelta() {
        return maxDelta;
    }

    /** Adds every stack with a positive count. */
    public FrameTree addAll(Map<String, Long> folded) {
        folded.forEach((stack, count) -> add(stack, count == null ? 0 : count, 0));
        return this;
    }

    /**
     * Adds a differential profile as difffolded.pl feeds it to flamegraph.pl: widths from
     * {@code after}, and on the last frame of each stack the change from {@code before}.
     */
    public FrameTree addDiff(Map<String, Long> before, Map<String, Long> after) {
        after.forEach((stack, count) -> add(stack, count, before.getOrDefault(stack, 0L)));
        before.forEach((stack, count) -> {
            if (!after.containsKey(stack)) {
                // gone entirely: no width to draw it with, but it still sets the colour scale
                maxDelta = Math.max(maxDelta, Math.abs(count));
            }
        });
        return this;
    }

    private void add(String stack, long count, long before) {
        long delta = count - before;
        maxDelta = Math.max(maxDelta, Math.abs(delta));
        if (count <= 0) {
            return;
        }
        // Perl's split drops trailing empty fields: "a;b;" is the stack a, b
        int end = stack.length();
        while (end > 0 && stack.charAt(end - 1) == ';') {
            end--;
        }
        Node node = root;
        node.total = saturatedAdd(node.total, count);
        if (end > 0) {
            int start = 0;
            while (true) {
                int semi = stack.indexOf(';', start);
                int stop = semi < 0 || semi >= end ? end : semi;
                node = node.child(stack.substring(start, stop), order);
                node.total = saturatedAdd(node.total, count);
                if (stop == end) {
                    break;
                }
                start = stop + 1;
            }
        }
        node.self = saturatedAdd(node.self, count);
        node.delta += delta;
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < a ? Long.MAX_VALUE : s;
    }
}
