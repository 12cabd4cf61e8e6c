/*
 * stdin/stdout/stderr for picolibc's tinystdio: FILEs whose put/get/flush hooks buffer and call
 * read(0)/write(1)/write(2). stdout and stderr are line buffered (flushed at '\n', when full,
 * before reading stdin, before fork/execve and at exit), so the byte stream is the same as with
 * glibc whatever the buffering, and a forked child never re-emits its parent's pending output.
 * fopen()ed files use picolibc's own POSIX bufio on the runtime's open/read/write.
 */
#include <stdio.h>
#include <unistd.h>
#include "tessera.h"

struct outbuf {
    int fd;
    int len;
    char data[512];
};

static struct outbuf out1 = { 1, 0, { 0 } };
static struct outbuf out2 = { 2, 0, { 0 } };

static int drain(struct outbuf *b)
{
    int n = b->len;
    b->len = 0;
    if (n > 0 && write_all(b->fd, b->data, (size_t)n) < 0)
        return _FDEV_ERR;
    return 0;
}

static int put_into(struct outbuf *b, char c)
{
    b->data[b->len++] = c;
    if (c == '\n' || b->len == (int)sizeof b->data)
        return drain(b) < 0 ? _FDEV_ERR : (unsigned char)c;
    return (unsigned char)c;
}

static int put1(char c, FILE *f) { (void)f; return put_into(&out1, c); }
static int put2(char c, FILE *f) { (void)f; return put_into(&out2, c); }
static int flush1(FILE *f) { (void)f; return drain(&out1); }
static int flush2(FILE *f) { (void)f; return drain(&out2); }

static char inbuf[512];
static int inpos, inlen;

static int get0(FILE *f)
{
    (void)f;
    if (inpos == inlen) {
        drain(&out1); /* interactive prompts appear before we block on input */
        drain(&out2);
        long n = read(0, inbuf, sizeof inbuf);
        if (n <= 0)
            return n == 0 ? _FDEV_EOF : _FDEV_ERR;
        inlen = (int)n;
        inpos = 0;
    }
    return (unsigned char)inbuf[inpos++];
}

static FILE file0 = FDEV_SETUP_STREAM(NULL, get0, NULL, _FDEV_SETUP_READ);
static FILE file1 = FDEV_SETUP_STREAM(put1, NULL, flush1, _FDEV_SETUP_WRITE);
static FILE file2 = FDEV_SETUP_STREAM(put2, NULL, flush2, _FDEV_SETUP_WRITE);

FILE *const stdin = &file0;
FILE *const stdout = &file1;
FILE *const stderr = &file2;

void __tessera_stdio_flush_all(void)
{
    drain(&out1);
    drain(&out2);
}
