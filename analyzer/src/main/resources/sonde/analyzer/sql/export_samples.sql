-- export_samples.sql: every CPU sample with its stack, one row per sample, for sonde export
-- speedscope (a timeline per thread, or one sampled profile per process when periods are
-- unknown). Frames are ROOT FIRST, as parallel lists of names and modules; rows come per
-- process (pid, comm), per thread if per_thread is set, in time order.
-- Source: the cpu_sample view; period_ns is the CPU time a sample stands for (0 when unknown,
-- e.g. samples imported from perf events other than cpu-clock and task-clock).
--
-- Parameters are DuckDB variables; an unset one means no filter:
--   SET VARIABLE pid = 1234;             -- only this process id
--   SET VARIABLE comm = 'postgres';      -- only this command name
--   SET VARIABLE from_ns = 1795...;      -- only samples at or after this epoch ns
--   SET VARIABLE to_ns = 1795...;        -- only samples before this epoch ns
--   SET VARIABLE no_idle = true;         -- leave out the idle task (pid 0)
--   SET VARIABLE per_thread = true;      -- rows per thread (tid) within a process
-- Run it: sonde sql DIR --file export_samples.sql  (sonde export speedscope --print-sql prints this file)
SELECT
    pid,
    comm,
    ts_ns,
    period_ns,
    list_transform(frames, lambda f: f.name) AS names,
    list_transform(frames, lambda f: f.module) AS modules,
    tid
FROM cpu_sample
WHERE (getvariable('pid') IS NULL OR pid = getvariable('pid'))
  AND (getvariable('comm') IS NULL OR comm = getvariable('comm'))
  AND (getvariable('from_ns') IS NULL OR ts_ns >= getvariable('from_ns'))
  AND (getvariable('to_ns') IS NULL OR ts_ns < getvariable('to_ns'))
  AND NOT (coalesce(getvariable('no_idle'), false) AND pid = 0)
ORDER BY pid, comm, CASE WHEN coalesce(getvariable('per_thread'), false) THEN tid END, ts_ns, tid, cpu, names, modules;
