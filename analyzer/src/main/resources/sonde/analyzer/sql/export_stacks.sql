-- export_stacks.sql: CPU samples grouped by process and stack, for sonde export pprof: one row
-- per distinct (pid, comm, stack) with the number of samples and the CPU time they stand for.
-- Frames are ROOT FIRST, as parallel lists of names, modules and addresses.
-- Source: the cpu_sample view; period_ns is the CPU time a sample stands for (0 when unknown,
-- e.g. samples imported from perf events other than cpu-clock and task-clock).
--
-- Parameters are DuckDB variables; an unset one means no filter:
--   SET VARIABLE pid = 1234;             -- only this process id
--   SET VARIABLE comm = 'postgres';      -- only this command name
--   SET VARIABLE from_ns = 1795...;      -- only samples at or after this epoch ns
--   SET VARIABLE to_ns = 1795...;        -- only samples before this epoch ns
--   SET VARIABLE no_idle = true;         -- leave out the idle task (pid 0)
-- Run it: sonde sql DIR --file export_stacks.sql  (sonde export pprof --print-sql prints this file)
SELECT
    pid,
    comm,
    list_transform(frames, lambda f: f.name) AS names,
    list_transform(frames, lambda f: f.module) AS modules,
    list_transform(frames, lambda f: f.address) AS addresses,
    count(*) AS samples,
    sum(period_ns) AS period_ns,
    min(ts_ns) AS first_ts_ns,
    max(ts_ns) AS last_ts_ns
FROM cpu_sample
WHERE (getvariable('pid') IS NULL OR pid = getvariable('pid'))
  AND (getvariable('comm') IS NULL OR comm = getvariable('comm'))
  AND (getvariable('from_ns') IS NULL OR ts_ns >= getvariable('from_ns'))
  AND (getvariable('to_ns') IS NULL OR ts_ns < getvariable('to_ns'))
  AND NOT (coalesce(getvariable('no_idle'), false) AND pid = 0)
GROUP BY pid, comm, names, modules, addresses
ORDER BY pid, comm, names, modules, addresses;
