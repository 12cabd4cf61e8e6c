/*
 * memhog: allocates 64 KiB blocks with malloc, writing every 4 KiB page of each (so a kernel that
 * maps pages lazily must really provide the frames), until malloc returns NULL or the cap is
 * reached; then checks every page still holds what was written (no frame shared with anyone
 * else), frees everything, and checks that memory is usable again. Prints "reached cap" or
 * "malloc failed after N blocks". The default cap (4 MiB) fits under qemu, so the oracle case is
 * deterministic; the kernel's isolation tests run it with a high cap on a machine with few frames.
 * Usage: memhog [cap_kib]   (default 4096; rounded down to whole 64 KiB blocks)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define BLOCK (64u * 1024u)
#define PAGE 4096u

/* Blocks form a list through their first word, so no other array is needed at any cap. */
struct block { struct block *next; uint32_t index; };

static uint32_t stamp(uint32_t block, uint32_t page) { return (block * 2654435761u) ^ (page * 40503u) ^ 0x5a5a5a5au; }

int main(int argc, char **argv)
{
    unsigned long cap_kib = argc > 1 ? strtoul(argv[1], NULL, 10) : 4096;
    unsigned long cap = cap_kib / (BLOCK / 1024u);
    struct block *head = NULL;
    unsigned long n = 0;
    while (n < cap) {
        struct block *b = malloc(BLOCK);
        if (!b)
            break;
        b->next = head;
        b->index = (uint32_t)n;
        for (uint32_t pg = 1; pg < BLOCK / PAGE; pg++)
            *(volatile uint32_t *)((char *)b + pg * PAGE) = stamp((uint32_t)n, pg);
        head = b;
        n++;
    }
    if (n == cap) printf("memhog: reached cap: %lu blocks of 64 KiB (%lu KiB)\n", n, n * 64);
    else printf("memhog: malloc failed after %lu blocks (%lu KiB)\n", n, n * 64);

    unsigned long bad = 0;
    while (head) {
        struct block *next = head->next;
        for (uint32_t pg = 1; pg < BLOCK / PAGE; pg++)
            bad += *(volatile uint32_t *)((char *)head + pg * PAGE) != stamp(head->index, pg);
        free(head);
        head = next;
    }
    printf("memhog: pages checked %lu, corrupted %lu\n", n * (BLOCK / PAGE - 1), bad);

    /* After free, the same amount is available again (picolibc's malloc reuses freed chunks). */
    unsigned long again = 0;
    for (; again < n; again++) {
        struct block *b = malloc(BLOCK);
        if (!b)
            break;
        b->next = head;
        head = b;
    }
    while (head) {
        struct block *next = head->next;
        free(head);
        head = next;
    }
    printf("memhog: after free, %lu of %lu blocks allocated again\n", again, n);
    return bad == 0 && again == n ? 0 : 1;
}
