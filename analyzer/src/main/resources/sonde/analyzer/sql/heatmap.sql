-- heatmap.sql: the cells of a latency heat map (Brendan Gregg, "Visualizing System Latency",
-- ACM Queue, 2010): time across in equal slices of the recording, latency up in power-of-two
-- buckets, and in each cell the number of I/Os that completed in that slice with that latency.
-- Source, by layer (as in latency.sql):
--   disk: disk_io, completed block requests, placed at their completion (complete_ts_ns) with
--         their device latency (issue to completion)
--   vfs:  vfs_io, read/write system calls, placed at their exit (ts_ns + latency_ns)
--
-- Parameters are DuckDB variables; an unset one means the default:
--   SET VARIABLE layer = 'vfs';          -- 'disk' (default) or 'vfs'
--   SET VARIABLE pid = 1234;             -- only this process id
--   SET VARIABLE comm = 'postgres';      -- only tasks with this command name
--   SET VARIABLE heatmap_cols = 100;     -- time slices (default 60)
-- Run it: sonde sql DIR --file heatmap.sql  (sonde heatmap DIR --print-sql prints this file)
--
-- The window is the recording's, from its start to its end (the earliest start and latest
-- end when the directory holds several recordings); without recording metadata, the first
-- to the last completion of the layer, before the pid and comm filters, so that a filtered
-- map has the same time axis as the whole one.
-- One row per non-empty cell, in column then slot order:
--   col       time slice, 0 .. cols - 1: (completion - start_ns) * cols / (end_ns - start_ns),
--             rounded down; a completion outside the window goes to the nearest slice
--   slot      bcc's bpf_log2l() slot of the latency in microseconds, as biolatency buckets
--             it: slot 1 holds 0-1 us, slot s holds 2^(s-1) .. 2^s - 1 us
--   count     I/Os in the cell
--   start_ns, end_ns, cols   the window, repeated on every row
WITH events AS (
    SELECT complete_ts_ns AS done_ns, latency_ns, pid, comm
    FROM disk_io
    WHERE coalesce(getvariable('layer'), 'disk') = 'disk' AND latency_ns IS NOT NULL
    UNION ALL
    SELECT ts_ns + latency_ns, latency_ns, pid, comm
    FROM vfs_io
    WHERE getvariable('layer') = 'vfs'
),
win AS (
    SELECT coalesce((SELECT min(start_ts_ns) FROM recording), (SELECT min(done_ns) FROM events)) AS start_ns,
           coalesce((SELECT max(end_ts_ns) FROM recording), (SELECT max(done_ns) FROM events))   AS end_ns,
           coalesce(getvariable('heatmap_cols'), 60)::BIGINT                                      AS cols
)
SELECT
    least(greatest((e.done_ns - w.start_ns)::HUGEINT * w.cols // greatest(w.end_ns - w.start_ns, 1), 0),
          w.cols - 1)::BIGINT                              AS col,
    length(bin(greatest(e.latency_ns, 0) // 1000))         AS slot,
    count(*)                                               AS count,
    w.start_ns, w.end_ns, w.cols
FROM events e, win w
WHERE (getvariable('pid') IS NULL OR e.pid = getvariable('pid'))
  AND (getvariable('comm') IS NULL OR e.comm = getvariable('comm'))
GROUP BY ALL
ORDER BY col, slot;
