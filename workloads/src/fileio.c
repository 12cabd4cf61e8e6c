/*
 * stdio on files, as test programs use it: fopen in every mode (w, r, a, r+, w+, a+), fprintf and
 * fscanf, fputs/fgets, fputc/fgetc/ungetc, fwrite/fread of records, fseek (SEEK_SET/CUR/END, past the
 * end, a hole), ftell, rewind, feof/ferror/clearerr, fflush, errors (ENOENT, EISDIR, ENOTDIR),
 * rename (replacing, moving, errors), remove and rmdir, stat sizes, access, creat, pread/pwrite, and a sorted directory listing of a tree it builds.
 * Everything happens under ./fio (relative to the cwd) and is removed at the end.
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

struct record { int id; char name[12]; double score; };

static void dump(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("dump %s: %s\n", path, errname(errno));
        return;
    }
    printf("dump %s: [", path);
    int c;
    while ((c = fgetc(f)) != EOF)
        putchar(c == '\n' ? '|' : c);
    printf("]\n");
    fclose(f);
}

static long size_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        printf("opendir %s: %s\n", dir, errname(errno));
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        char path[300];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        int isdir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
        char *entry = malloc(strlen(e->d_name) + 24);
        sprintf(entry, "%s%s(%ld)", e->d_name, isdir ? "/" : "", isdir ? 0L : (long)st.st_size);
        names[n++] = entry;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp_names);
    printf("ls %s:", dir);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(void)
{
    if (mkdir("fio", 0755) != 0)
        printf("mkdir fio: %s\n", errname(errno));

    FILE *f = fopen("fio/text.txt", "w");
    for (int i = 1; i <= 5; i++)
        fprintf(f, "line %d: %d squared is %d\n", i, i, i * i);
    fputs("no newline at end", f);
    printf("ftell after writing: %ld\n", ftell(f));
    fclose(f);
    dump("fio/text.txt");
    printf("size %ld\n", size_of("fio/text.txt"));

    f = fopen("fio/text.txt", "r");
    char line[64];
    int n = 0;
    while (fgets(line, sizeof line, f))
        n++;
    printf("fgets lines %d eof %d last [%s]\n", n, feof(f) != 0, line);
    rewind(f);
    printf("after rewind eof %d ftell %ld\n", feof(f) != 0, ftell(f));
    int a, b, c2;
    printf("fscanf %d", fscanf(f, "line %d: %d squared is %d\n", &a, &b, &c2));
    printf(" -> %d %d %d\n", a, b, c2);
    fseek(f, -6, SEEK_END);
    long pos = ftell(f);
    printf("SEEK_END-6: ftell %ld [%s]\n", pos, fgets(line, sizeof line, f));
    fseek(f, 5, SEEK_SET);
    fseek(f, 2, SEEK_CUR);
    int ch = fgetc(f);
    ungetc('X', f);
    int again = fgetc(f);
    printf("at 7: %c, ungetc then %c, ftell %ld\n", ch, again, ftell(f));
    fclose(f);

    f = fopen("fio/text.txt", "a");
    fprintf(f, "\nappended %s", "text");
    fclose(f);
    f = fopen("fio/text.txt", "a+");
    fputs("|more", f);
    fseek(f, 0, SEEK_SET);
    printf("a+ read from start: %s", fgets(line, sizeof line, f));
    fclose(f);
    printf("size after appends %ld\n", size_of("fio/text.txt"));

    f = fopen("fio/text.txt", "r+");
    fseek(f, 5, SEEK_SET);
    fputs("ONE", f);
    fflush(f);
    fseek(f, 0, SEEK_SET);
    printf("r+ overwrite: %s", fgets(line, sizeof line, f));
    fclose(f);

    f = fopen("fio/text.txt", "w+");
    fputs("truncated", f);
    rewind(f);
    char *l = fgets(line, sizeof line, f);
    printf("w+ truncates: [%s] size %ld\n", l, size_of("fio/text.txt"));
    fclose(f);

    struct record recs[5];
    for (int i = 0; i < 5; i++) {
        recs[i].id = i * 100 + 1;
        snprintf(recs[i].name, sizeof recs[i].name, "rec-%c", 'A' + i);
        recs[i].score = 1.5 * i - 2;
    }
    f = fopen("fio/data.bin", "wb");
    printf("fwrite %zu\n", fwrite(recs, sizeof recs[0], 5, f));
    fclose(f);
    printf("data.bin size %ld (%zu each)\n", size_of("fio/data.bin"), sizeof(struct record));
    f = fopen("fio/data.bin", "rb");
    struct record r;
    fseek(f, 3 * (long)sizeof r, SEEK_SET);
    size_t one = fread(&r, sizeof r, 1, f);
    printf("fread #3: %zu -> %d %s %.2f\n", one, r.id, r.name, r.score);
    struct record all[8];
    rewind(f);
    size_t got = fread(all, sizeof all[0], 8, f);
    printf("fread 8 asked, %zu got, eof %d error %d\n", got, feof(f) != 0, ferror(f) != 0);
    clearerr(f);
    printf("clearerr: eof %d\n", feof(f) != 0);
    fseek(f, 1000, SEEK_SET);
    pos = ftell(f);
    printf("seek past end: ftell %ld fgetc %d\n", pos, fgetc(f));
    fclose(f);

    f = fopen("fio/sparse.bin", "w");
    fseek(f, 10000, SEEK_SET);
    fputc('Z', f);
    fclose(f);
    f = fopen("fio/sparse.bin", "r");
    long zeros = 0;
    int last = 0;
    while ((ch = fgetc(f)) != EOF) {
        zeros += ch == 0;
        last = ch;
    }
    fclose(f);
    printf("sparse: size %ld zeros %ld last %c\n", size_of("fio/sparse.bin"), zeros, last);

    f = fopen("fio/big.txt", "w");
    for (int i = 0; i < 3000; i++)
        fprintf(f, "%05d:%08x\n", i, (unsigned)i * 2654435761u);
    fclose(f);
    f = fopen("fio/big.txt", "r");
    unsigned long h = 0;
    n = 0;
    while (fgets(line, sizeof line, f)) {
        for (char *p = line; *p; p++)
            h = h * 131 + (unsigned char)*p;
        n++;
    }
    fclose(f);
    printf("big.txt: %d lines, %ld bytes, hash %08lx\n", n, size_of("fio/big.txt"), h);

    int fd = creat("fio/raw.bin", 0644);
    write(fd, "0123456789", 10);
    char pb[8] = { 0 };
    ssize_t pr = pread(fd, pb, 4, 3); /* creat opens write-only: EBADF */
    printf("creat fd ok %d, pread on O_WRONLY: %ld %s\n", fd >= 0, (long)pr, errname(errno));
    close(fd);
    fd = open("fio/raw.bin", O_RDWR);
    pr = pread(fd, pb, 4, 3);
    long off = (long)lseek(fd, 0, SEEK_CUR);
    ssize_t pw = pwrite(fd, "AB", 2, 8);
    ssize_t pr2 = pread(fd, pb + 4, 3, 7);
    printf("pread %ld [%.4s] offset stays %ld, pwrite %ld, pread %ld [%.3s], offset %ld\n", (long)pr, pb, off, (long)pw, (long)pr2,
           pb + 4, (long)lseek(fd, 0, SEEK_CUR));
    errno = 0;
    pr = pread(fd, pb, 1, -1);
    printf("pread at -1: %ld %s; past end: %ld\n", (long)pr, errname(errno), (long)pread(fd, pb, 4, 100));
    close(fd);
    remove("fio/raw.bin");

    errno = 0;
    const char *tries[][2] = { { "fio/missing.txt", "r" }, { "fio", "w" }, { "fio/nodir/x", "w" }, { "fio/text.txt/x", "r" } };
    for (int i = 0; i < 4; i++) {
        errno = 0;
        FILE *t = fopen(tries[i][0], tries[i][1]);
        printf("fopen(%s, %s): %s %s\n", tries[i][0], tries[i][1], t ? "opened" : "NULL", errname(errno));
    }

    mkdir("fio/sub", 0755);
    mkdir("fio/sub/deeper", 0755);
    f = fopen("fio/sub/deeper/leaf.txt", "w");
    fputs("leaf\n", f);
    fclose(f);
    /* rename: a file over a missing name, over an existing file (replaced), into a subdirectory, a
       directory over an empty one, and the errors */
    f = fopen("fio/r1.txt", "w");
    fputs("first", f);
    fclose(f);
    f = fopen("fio/r2.txt", "w");
    fputs("second, longer", f);
    fclose(f);
    int q1 = rename("fio/r1.txt", "fio/r3.txt");
    int q2 = access("fio/r1.txt", F_OK);
    int q3 = rename("fio/r3.txt", "fio/r2.txt"); /* replaces r2 */
    printf("rename to new name %d (old gone: %d), over existing %d, size now %ld\n", q1, q2 != 0, q3, size_of("fio/r2.txt"));
    dump("fio/r2.txt");
    mkdir("fio/empty", 0755);
    mkdir("fio/full", 0755);
    f = fopen("fio/full/x", "w");
    fclose(f);
    const char *bad[][2] = { { "fio/missing", "fio/m2" }, { "fio/r2.txt", "fio/sub" }, { "fio/sub", "fio/r2.txt" },
                             { "fio/empty", "fio/full" }, { "fio/sub", "fio/sub/deeper/inside" }, { "fio/r2.txt", "fio/nodir/x" } };
    for (int i = 0; i < 6; i++) {
        errno = 0;
        int rr = rename(bad[i][0], bad[i][1]);
        printf("rename(%s, %s) = %d %s\n", bad[i][0], bad[i][1], rr, errname(errno));
    }
    q1 = rename("fio/empty", "fio/sub/moved");
    q2 = rename("fio/r2.txt", "fio/sub/deeper/r2.txt");
    printf("rename dir into sub %d, file into deeper %d\n", q1, q2);
    q1 = rename("fio/sub/deeper/r2.txt", "fio/r2.txt");
    q2 = rmdir("fio/sub/moved");
    q3 = remove("fio/full/x") | rmdir("fio/full") | remove("fio/r2.txt");
    printf("moved back %d, cleanup %d %d\n", q1, q2, q3);

    list("fio");
    list("fio/sub");
    list("fio/sub/deeper");
    list("fio/nothing");

    errno = 0;
    int rc = remove("fio/sub");
    printf("remove dir (picolibc's remove is unlink): %d %s\n", rc, errname(errno));
    errno = 0;
    rc = rmdir("fio/sub");
    printf("rmdir non-empty dir: %d %s\n", rc, errname(errno));
    rc = remove("fio/sub/deeper/leaf.txt");
    int rc2 = rmdir("fio/sub/deeper");
    int rc3 = rmdir("fio/sub");
    printf("remove leaf %d, rmdir deeper %d, sub %d\n", rc, rc2, rc3);
    int rs[4] = { remove("fio/text.txt"), remove("fio/data.bin"), remove("fio/sparse.bin"), remove("fio/big.txt") };
    printf("remove files %d %d %d %d\n", rs[0], rs[1], rs[2], rs[3]);
    errno = 0;
    rc = remove("fio/text.txt");
    printf("remove again: %d %s\n", rc, errname(errno));
    list("fio");
    rc = rmdir("fio");
    printf("rmdir fio %d, exists after: %d\n", rc, access("fio", F_OK) == 0);
    return 0;
}
