-- heatmap.sql: the cells of a latency heat map (Brendan Gregg, "Visualizing System Latency",
-- ACM Queue, 2010): time across in equal slices lined up with the clock, latency up in
-- power-of-two buckets, and in each cell the number of I/Os that completed in that slice with
-- that latency.
-- Source, by layer (as in latency.sql):
--   disk: disk_io, completed block requests, placed at their completion (complete_ts_ns) with
--         their device latency (issue to completion)
--   vfs:  vfs_io, read/write system calls, placed at their exit (ts_ns + latency_ns)
-- leaving out rows marked pairing_uncertain (see latency.sql).
--
-- Parameters are DuckDB variables; an unset one means the default:
--   SET VARIABLE layer = 'vfs';          -- 'disk' (default) or 'vfs'
--   SET VARIABLE pid = 1234;             -- only this process id
--   SET VARIABLE comm = 'postgres';      -- only tasks with this command name
--   SET VARIABLE heatmap_cols = 100;     -- at most this many time slices (default 60)
-- Run it: sonde sql DIR --file heatmap.sql  (sonde heatmap DIR --print-sql prints this file)
--
-- The window covers the recording, from its start to its end (the earliest start and latest
-- end when the directory holds several recordings); without recording metadata, the first
-- to the last completion of the layer, before the pid and comm filters, so that a filtered
-- map has the same time axis as the whole one. Slices are as iostat and sar would print them:
-- a round width (1, 2 or 5 times a power of ten ns up to 0.5 s; 1, 2, 5, 10, 15 or 30 s or
-- min; 1, 2, 3, 6 or 12 h; whole days), the narrowest that covers the window in at most
-- heatmap_cols slices, each starting at a whole multiple of the width on the UTC clock (0.5 s
-- slices start on the second and the half second). The first slice may start before the
-- recording and the last end after it.
-- One row per non-empty cell, in column then slot order:
--   col       time slice, 0 .. cols - 1: (completion - start_ns) // width, a completion
--             outside the window going to the nearest slice
--   slot      bcc's bpf_log2l() slot of the latency in microseconds, as biolatency buckets
--             it: slot 1 holds 0-1 us, slot s holds 2^(s-1) .. 2^s - 1 us
--   count     I/Os in the cell
--   start_ns, end_ns, cols   the slices, repeated on every row: end_ns - start_ns = cols * width
WITH events AS (
    SELECT complete_ts_ns AS done_ns, latency_ns, pid, comm
    FROM disk_io
    WHERE coalesce(getvariable('layer'), 'disk') = 'disk' AND latency_ns IS NOT NULL
      AND pairing_uncertain IS NOT TRUE
      AND merged_bio IS NOT TRUE -- once per request (see latency.sql)
    UNION ALL
    SELECT ts_ns + latency_ns, latency_ns, pid, comm
    FROM vfs_io
    WHERE getvariable('layer') = 'vfs' AND pairing_uncertain IS NOT TRUE
),
win AS (
    SELECT coalesce((SELECT min(start_ts_ns) FROM recording), (SELECT min(done_ns) FROM events)) AS first_ns,
           coalesce((SELECT max(end_ts_ns) FROM recording), (SELECT max(done_ns) FROM events))   AS last_ns,
           coalesce(getvariable('heatmap_cols'), 60)::BIGINT                                      AS max_cols
),
widths AS (
    SELECT (m * 10 ** e)::BIGINT AS w FROM (VALUES (1), (2), (5)) t(m), range(0, 9) r(e)
    UNION ALL
    SELECT s::BIGINT * 1000000000 FROM (VALUES (1), (2), (5), (10), (15), (30), (60), (120), (300), (600), (900),
                                       (1800), (3600), (7200), (10800), (21600), (43200)) t(s)
    UNION ALL
    SELECT d::BIGINT * 86400000000000 FROM range(1, 36600) r(d)
),
grid AS (
    SELECT first_ns // w * w                                     AS start_ns,
           (greatest(last_ns, first_ns + 1) - 1) // w - first_ns // w + 1 AS cols,
           w                                                     AS width_ns
    FROM win, widths
    WHERE (greatest(last_ns, first_ns + 1) - 1) // w - first_ns // w + 1 <= max_cols
    ORDER BY w
    LIMIT 1
)
SELECT
    least(greatest((e.done_ns - g.start_ns) // g.width_ns, 0), g.cols - 1) AS col,
    length(bin(greatest(e.latency_ns, 0) // 1000))         AS slot,
    count(*)                                               AS count,
    g.start_ns, g.start_ns + g.cols * g.width_ns AS end_ns, g.cols
FROM events e, grid g
WHERE (getvariable('pid') IS NULL OR e.pid = getvariable('pid'))
  AND (getvariable('comm') IS NULL OR e.comm = getvariable('comm'))
GROUP BY ALL
ORDER BY col, slot;
