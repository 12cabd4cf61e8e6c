/*
 * selfkill: processes that kill themselves while others wait for them. A child sends itself SIGTERM
 * (and another SIGKILL) while its parent is blocked in waitpid; the parent reports how each ended.
 * Exercises the kernel's handling of a system call (kill) whose caller does not survive it.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *what, pid_t pid)
{
    int status = 0;
    pid_t r = waitpid(pid, &status, 0);
    if (r != pid)
        printf("%s: waitpid failed\n", what);
    else if (WIFSIGNALED(status))
        printf("%s: killed by signal %d\n", what, WTERMSIG(status));
    else if (WIFEXITED(status))
        printf("%s: exited with %d\n", what, WEXITSTATUS(status));
    else
        printf("%s: unexpected status\n", what);
}

int main(void)
{
    printf("selfkill: parent starts\n");
    fflush(stdout);
    pid_t a = fork();
    if (a == 0) {
        kill(getpid(), SIGTERM);
        printf("child a: still alive after SIGTERM\n");
        _exit(1);
    }
    report("child a (SIGTERM to itself)", a);
    pid_t b = fork();
    if (b == 0) {
        kill(getpid(), SIGKILL);
        _exit(2);
    }
    pid_t c = fork();
    if (c == 0)
        _exit(7);
    report("child b (SIGKILL to itself)", b);
    report("child c (exit 7)", c);
    printf("selfkill: parent done\n");
    return 0;
}
