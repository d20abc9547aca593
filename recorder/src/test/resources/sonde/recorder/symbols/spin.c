/*
 * A process that spends its time in one named function: the profiler tests' known workload.
 * Prints the CPU time it got (CLOCK_PROCESS_CPUTIME_ID), which samples must match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile unsigned long sink;

/* Spins until it has had `seconds` of CPU (not wall) time, so a busy machine only makes it slower. */
__attribute__((noinline)) void spin_here(double seconds) {
    struct timespec t;
    do {
        for (int i = 0; i < 100000; i++) {
            sink += i;
        }
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    } while (t.tv_sec + t.tv_nsec / 1e9 < seconds);
}

int main(int argc, char **argv) {
    struct timespec cpu;
    spin_here(argc > 1 ? atof(argv[1]) : 2.0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    printf("cpu_seconds %.6f\n", cpu.tv_sec + cpu.tv_nsec / 1e9);
    return 0;
}
