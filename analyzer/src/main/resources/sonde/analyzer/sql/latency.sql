-- latency.sql: how slow are reads and writes, and is it the disk or the file system? Latency
-- distributions per group, like biolatency(8) (block I/O) and the VFS tools (ext4dist,
-- vfsstat) from BCC by Brendan Gregg, but afterwards and in SQL: per group, the count, exact
-- percentiles, and the histogram buckets that are not empty.
-- Source, by layer:
--   disk: the disk_io view, one row per block request; latency = issue to completion at the
--         device (block_rq_issue to block_rq_complete); requests whose completion was not
--         seen are left out.
--   vfs:  the vfs_io view, one row per read/write system call; latency = entry to exit.
-- Rows marked pairing_uncertain (open while the kernel lost events, so their two ends may
-- belong to different requests or calls: see disk_io.avsc) are left out of both; window.sql
-- counts them (disk_latency_left_out, vfs_latency_left_out) for the reports to say so.
--
-- Parameters are DuckDB variables; an unset one means the default:
--   SET VARIABLE layer = 'vfs';          -- 'disk' (default) or 'vfs'
--   SET VARIABLE latency_by = 'device';  -- one group per device, op, fstype (vfs), process
--                                        -- (pid and comm), syscall (vfs); unset: one group, 'all'
--   SET VARIABLE unit = 'msecs';         -- histogram unit: 'nsecs', 'usecs' (default), 'msecs'
--   SET VARIABLE linear_step = 10;       -- buckets of 10 units each instead of log2 buckets
--   SET VARIABLE pid = 1234;             -- only this process id
--   SET VARIABLE comm = 'postgres';      -- only tasks with this command name
--   SET VARIABLE from_ns = 1795773600000000000;  -- only events that started at or after (epoch ns)
--   SET VARIABLE to_ns = 1795773605000000000;    -- ... and before this
-- Run it: sonde sql DIR --file latency.sql  (sonde latency DIR --print-sql prints this file)
--
-- One row per group and non-empty bucket, groups in order (by pid for processes), buckets
-- from low to high:
--   grp        the group as text: 'all', a device ('(none)' for a file system without one),
--              an op, 'PID COMM', a file system type or a syscall
--   ios        events in the group; p50_ns .. max_ns: the group's percentiles and maximum in
--              ns, from the raw values. quantile_disc is the nearest-rank percentile: the
--              smallest recorded value with at least that fraction of the group at or below it
--              (the ceil(q * ios)-th smallest), always a latency that happened.
--   bucket     log2: bcc's bpf_log2l() slot of the latency in the unit (integer division, as
--              biolatency does): slot 1 holds 0 and 1, slot s holds 2^(s-1) .. 2^s - 1;
--              linear: value // linear_step
--   lo_ns, hi_ns  the bucket's range converted back to ns, both ends included
--   count      events in the bucket
WITH params AS (
    SELECT coalesce(getvariable('latency_by'), 'all') AS by_what,
           CASE coalesce(getvariable('unit'), 'usecs')
               WHEN 'nsecs' THEN 1 WHEN 'usecs' THEN 1000 WHEN 'msecs' THEN 1000000
           END::BIGINT AS unit_ns,
           getvariable('linear_step')::BIGINT AS step
),
events AS (
    SELECT ts_ns, latency_ns, device, op, NULL::VARCHAR AS fs_type, NULL::VARCHAR AS syscall, pid, comm
    FROM disk_io
    WHERE coalesce(getvariable('layer'), 'disk') = 'disk' AND latency_ns IS NOT NULL
      AND pairing_uncertain IS NOT TRUE
      AND merged_bio IS NOT TRUE -- once per request: not again for bios of others merged into it
    UNION ALL
    SELECT ts_ns, latency_ns, device, op, fs_type, syscall, pid, comm
    FROM vfs_io
    WHERE getvariable('layer') = 'vfs' AND pairing_uncertain IS NOT TRUE
),
grouped AS (
    SELECT
        CASE p.by_what
            WHEN 'device'  THEN coalesce(e.device, '(none)')
            WHEN 'op'      THEN e.op
            WHEN 'fstype'  THEN e.fs_type
            WHEN 'process' THEN e.pid || ' ' || e.comm
            WHEN 'syscall' THEN e.syscall
            ELSE 'all'
        END                                          AS grp,
        CASE WHEN p.by_what = 'process' THEN e.pid END AS grp_pid,
        -- both ends come from one monotonic clock; a negative latency would be a recorder bug
        greatest(e.latency_ns, 0)                    AS latency_ns,
        greatest(e.latency_ns, 0) // p.unit_ns       AS v,
        p.unit_ns,
        p.step
    FROM events e, params p
    WHERE (getvariable('pid') IS NULL OR e.pid = getvariable('pid'))
      AND (getvariable('comm') IS NULL OR e.comm = getvariable('comm'))
      AND (getvariable('from_ns') IS NULL OR e.ts_ns >= getvariable('from_ns'))
      AND (getvariable('to_ns') IS NULL OR e.ts_ns < getvariable('to_ns'))
),
stats AS (
    SELECT grp, grp_pid, count(*) AS ios,
           quantile_disc(latency_ns, [0.5, 0.9, 0.99, 0.999]) AS q,
           max(latency_ns) AS max_ns
    FROM grouped
    GROUP BY grp, grp_pid
),
buckets AS (
    SELECT grp,
           CASE WHEN step IS NULL THEN length(bin(v)) ELSE v // step END AS bucket,
           unit_ns, step,
           count(*) AS count
    FROM grouped
    GROUP BY ALL
),
bounds AS (
    SELECT *,
           CASE WHEN step IS NOT NULL THEN bucket::HUGEINT * step
                WHEN bucket = 1 THEN 0::HUGEINT
                ELSE 1::HUGEINT << (bucket - 1) END AS lo_unit,
           CASE WHEN step IS NOT NULL THEN (bucket::HUGEINT + 1) * step - 1
                ELSE (1::HUGEINT << bucket) - 1 END AS hi_unit
    FROM buckets
)
SELECT s.grp, s.ios,
       s.q[1] AS p50_ns, s.q[2] AS p90_ns, s.q[3] AS p99_ns, s.q[4] AS p999_ns, s.max_ns,
       b.bucket,
       (b.lo_unit * b.unit_ns)::BIGINT                                           AS lo_ns,
       least((b.hi_unit + 1) * b.unit_ns - 1, 9223372036854775807::HUGEINT)::BIGINT AS hi_ns,
       b.count
FROM stats s JOIN bounds b ON b.grp = s.grp
ORDER BY s.grp_pid, s.grp, b.bucket;
