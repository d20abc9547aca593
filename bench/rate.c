/*
 * Syscall load at a fixed rate, for the recorder's zero-loss benchmark: read(2) of one byte
 * from /dev/zero, RATE calls per second (in batches every millisecond), for SECONDS seconds.
 * Each call is two tracepoint events (sys_enter_read, sys_exit_read).
 * Usage: rate RATE SECONDS
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    long rate = argc > 1 ? atol(argv[1]) : 100000;
    double seconds = argc > 2 ? atof(argv[2]) : 5;
    int fd = open("/dev/zero", O_RDONLY);
    char c;
    long done = 0;
    double start = now();
    for (;;) {
        double t = now() - start;
        if (t >= seconds) {
            break;
        }
        long due = (long) (t * rate);
        while (done < due) {
            if (read(fd, &c, 1) != 1) {
                return 1;
            }
            done++;
        }
        struct timespec nap = {0, 1000000};
        nanosleep(&nap, NULL);
    }
    printf("calls %ld in %.2f s (%.0f/s)\n", done, now() - start, done / (now() - start));
    return 0;
}
