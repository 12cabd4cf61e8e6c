/*
 * files: file I/O in the current directory, relative paths only: create, write, read back,
 * lseek (SEEK_SET/CUR/END, holes read as zeros), dup (shared offset), stat/fstat sizes and types,
 * O_APPEND, O_EXCL, mkdir, getdents64 (through opendir/readdir; names are sorted before printing because directory
 * order is the filesystem's), unlink, rmdir, stdio fopen/fprintf/fscanf, and the errno of each
 * expected failure. Leaves the directory as it found it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tessera.h"

#define CHECK(what, expr) report(what, (long)(expr))
static void report(const char *what, long r)
{
    if (r < 0) printf("%s -> -1 %s\n", what, errname(errno));
    else printf("%s -> %ld\n", what, r);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Lists path, sorted; in "." only the names this program creates, since the directory may hold
   other files (the ELF itself on some kernels). */
static int ours(const char *path, const char *name)
{
    if (strcmp(path, ".") != 0)
        return 1;
    return strcmp(name, "data.txt") == 0 || strcmp(name, "numbers.txt") == 0 || strcmp(name, "sub") == 0;
}

static void list_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        printf("opendir(%s) -> %s\n", path, errname(errno));
        return;
    }
    char *names[32];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 32)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && ours(path, e->d_name))
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp_str);
    printf("ls %s:", path);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf(" (%d entries)\n", n);
}

int main(void)
{
    char buf[256];
    struct stat st;

    int fd = open("data.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK("open(data.txt, creat)", fd);
    const char *msg = "hello, file\nsecond line\n";
    CHECK("write", write(fd, msg, strlen(msg)));
    CHECK("lseek(0, SEEK_CUR)", lseek(fd, 0, SEEK_CUR));
    CHECK("lseek(100, SEEK_SET)", lseek(fd, 100, SEEK_SET));
    CHECK("write at 100", write(fd, "tail", 4));
    CHECK("close", close(fd));

    CHECK("stat(data.txt)", stat("data.txt", &st));
    printf("size=%ld regular=%d dir=%d\n", (long)st.st_size, S_ISREG(st.st_mode), S_ISDIR(st.st_mode));

    fd = open("data.txt", O_RDONLY);
    CHECK("open(data.txt, rdonly)", fd);
    ssize_t n = read(fd, buf, 12);
    printf("read 12 -> %ld \"%.11s\"\n", (long)n, buf);
    CHECK("lseek(-4, SEEK_END)", lseek(fd, -4, SEEK_END));
    n = read(fd, buf, sizeof buf);
    printf("read at end-4 -> %ld \"%.*s\"\n", (long)n, (int)n, buf);
    CHECK("read at EOF", read(fd, buf, sizeof buf));
    lseek(fd, 24, SEEK_SET);
    n = read(fd, buf, 76);
    int zeros = 0;
    for (ssize_t i = 0; i < n; i++) zeros += buf[i] == 0;
    printf("hole: read %ld bytes, %d zeros\n", (long)n, zeros);
    /* A dup'ed descriptor shares the open file and its offset. */
    lseek(fd, 0, SEEK_SET);
    int fd2 = dup(fd);
    CHECK("dup", fd2);
    n = read(fd, buf, 7);
    ssize_t n2 = read(fd2, buf + 7, 4);
    printf("read 7 via fd, 4 via dup -> \"%.*s\" offset=%ld\n", (int)(n + n2), buf, (long)lseek(fd2, 0, SEEK_CUR));
    CHECK("close dup", close(fd2));
    CHECK("fstat", fstat(fd, &st));
    printf("fstat size=%ld\n", (long)st.st_size);
    CHECK("write to rdonly fd", write(fd, "x", 1));
    CHECK("close", close(fd));
    CHECK("close again", close(fd));
    CHECK("lseek on closed fd", lseek(fd, 0, SEEK_SET));

    CHECK("open(data.txt, creat|excl)", open("data.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
    CHECK("open(missing.txt, rdonly)", open("missing.txt", O_RDONLY));

    fd = open("data.txt", O_WRONLY | O_APPEND);
    CHECK("open(data.txt, append)", fd);
    CHECK("append write", write(fd, "+more", 5));
    close(fd);
    stat("data.txt", &st);
    printf("size after append=%ld\n", (long)st.st_size);

    CHECK("mkdir(sub)", mkdir("sub", 0755));
    CHECK("mkdir(sub) again", mkdir("sub", 0755));
    CHECK("stat(sub)", stat("sub", &st));
    printf("sub: dir=%d regular=%d\n", S_ISDIR(st.st_mode), S_ISREG(st.st_mode));
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "sub/f%d", 4 - i);
        int f = open(name, O_CREAT | O_WRONLY, 0644);
        for (int k = 0; k <= i; k++)
            write(f, "0123456789", 10);
        close(f);
    }
    list_dir("sub");
    list_dir(".");
    CHECK("stat(sub/f0)", stat("sub/f0", &st));
    printf("sub/f0 size=%ld\n", (long)st.st_size);
    CHECK("rmdir(sub) non-empty", rmdir("sub"));
    CHECK("open(sub/f0/x) through a file", open("sub/f0/x", O_RDONLY));
    CHECK("open(sub, wronly)", open("sub", O_WRONLY));

    FILE *f = fopen("numbers.txt", "w");
    printf("fopen(numbers.txt, w) -> %s\n", f ? "ok" : errname(errno));
    long total = 0;
    for (int i = 1; i <= 50; i++) {
        fprintf(f, "%d %d\n", i, i * i);
        total += i * i;
    }
    fclose(f);
    f = fopen("numbers.txt", "r");
    int a, b;
    long sum = 0;
    int rows = 0;
    while (fscanf(f, "%d %d", &a, &b) == 2) {
        sum += b;
        rows++;
    }
    fclose(f);
    printf("fscanf rows=%d sum=%ld expected=%ld\n", rows, sum, total);

    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "sub/f%d", i);
        CHECK(name, unlink(name));
    }
    CHECK("rmdir(sub)", rmdir("sub"));
    CHECK("unlink(data.txt)", unlink("data.txt"));
    CHECK("unlink(numbers.txt)", unlink("numbers.txt"));
    CHECK("unlink(data.txt) again", unlink("data.txt"));
    CHECK("stat(data.txt)", stat("data.txt", &st));
    list_dir(".");
    return 0;
}
