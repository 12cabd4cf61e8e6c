/*
 * How a process ends, as its parent (the shell, qemu, tessera exec) sees it: `exitcode MODE`
 * returns from main, calls exit/_exit with values outside 0..255, aborts, fails an assert, raises a
 * signal or kills itself, leaving stdout in various states (a partial line flushed at exit, or
 * lost by _exit). Each mode prints what it is about to do first; stderr gets a line too.
 */
#include <assert.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void at1(void) { printf("atexit 1 (registered first, runs last)\n"); }
static void at2(void) { printf("atexit 2\n"); }

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "return";
    printf("mode %s\n", mode);
    fprintf(stderr, "exitcode: mode %s (stderr)\n", mode);
    atexit(at1);
    atexit(at2);
    if (strcmp(mode, "return") == 0)
        return 3;
    if (strcmp(mode, "exit255") == 0)
        exit(255);
    if (strcmp(mode, "exit256") == 0)
        exit(256);
    if (strcmp(mode, "exitneg") == 0)
        exit(-2);
    if (strcmp(mode, "partial") == 0) {
        printf("a partial line, flushed by exit"); /* no newline */
        exit(4);
    }
    if (strcmp(mode, "_exit") == 0) {
        printf("lost: _exit skips stdio and atexit");
        _exit(5);
    }
    if (strcmp(mode, "abort") == 0) {
        printf("about to abort, no newline: lost");
        abort();
    }
    if (strcmp(mode, "assert") == 0) {
        assert(argc == 99 && "argc is not 99");
        return 0;
    }
    if (strcmp(mode, "raise") == 0) {
        raise(SIGTERM);
        printf("not reached\n");
        return 6;
    }
    if (strcmp(mode, "ignored") == 0) {
        signal(SIGTERM, SIG_IGN);
        printf("raise(SIGTERM) ignored: %d\n", raise(SIGTERM));
        return 7;
    }
    if (strcmp(mode, "handler") == 0) {
        void on_usr1(int);
        signal(SIGUSR1, on_usr1);
        printf("raise(SIGUSR1) handled: %d\n", raise(SIGUSR1));
        return 8;
    }
    if (strcmp(mode, "killself") == 0) {
        kill(getpid(), SIGKILL);
        printf("not reached\n");
        return 9;
    }
    printf("unknown mode\n");
    return 2;
}

void on_usr1(int sig)
{
    printf("handler got signal %s\n", sig == SIGUSR1 ? "SIGUSR1" : "other");
}
