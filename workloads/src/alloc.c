/*
 * alloc: malloc-heavy data structures on picolibc's malloc (which grows the heap with sbrk ->
 * brk): an AVL tree of n keys with deletions, a chained hash map that rehashes as it grows,
 * a realloc-grown vector, a random alloc/free churn that verifies every block's contents, and
 * an anonymous mmap2/munmap region. Prints checksums and structural facts, never addresses.
 * Usage: alloc [n] (default 1500; picolibc's first-fit free list makes the cost superlinear in n)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static uint32_t rng = 12345u;
static uint32_t next(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

/* ---- AVL tree ---- */
struct node {
    int32_t key;
    int height;
    struct node *l, *r;
};
static int h(struct node *n) { return n ? n->height : 0; }
static int maxi(int a, int b) { return a > b ? a : b; }
static void fix(struct node *n) { n->height = 1 + maxi(h(n->l), h(n->r)); }
static struct node *rot_r(struct node *n) { struct node *l = n->l; n->l = l->r; l->r = n; fix(n); fix(l); return l; }
static struct node *rot_l(struct node *n) { struct node *r = n->r; n->r = r->l; r->l = n; fix(n); fix(r); return r; }
static struct node *balance(struct node *n)
{
    fix(n);
    int b = h(n->l) - h(n->r);
    if (b > 1) {
        if (h(n->l->l) < h(n->l->r))
            n->l = rot_l(n->l);
        return rot_r(n);
    }
    if (b < -1) {
        if (h(n->r->r) < h(n->r->l))
            n->r = rot_r(n->r);
        return rot_l(n);
    }
    return n;
}
static int tree_size;
static struct node *insert(struct node *n, int32_t key)
{
    if (!n) {
        n = malloc(sizeof *n);
        if (!n)
            abort();
        n->key = key; n->height = 1; n->l = n->r = NULL;
        tree_size++;
        return n;
    }
    if (key < n->key) n->l = insert(n->l, key);
    else if (key > n->key) n->r = insert(n->r, key);
    return balance(n);
}
static struct node *remove_min(struct node *n, struct node **min)
{
    if (!n->l) { *min = n; return n->r; }
    n->l = remove_min(n->l, min);
    return balance(n);
}
static struct node *erase(struct node *n, int32_t key)
{
    if (!n) return NULL;
    if (key < n->key) n->l = erase(n->l, key);
    else if (key > n->key) n->r = erase(n->r, key);
    else {
        struct node *l = n->l, *r = n->r, *m;
        free(n);
        tree_size--;
        if (!r) return l;
        r = remove_min(r, &m);
        m->l = l; m->r = r;
        return balance(m);
    }
    return balance(n);
}
static uint32_t inorder_hash(struct node *n, uint32_t acc)
{
    if (!n) return acc;
    acc = inorder_hash(n->l, acc);
    acc = acc * 31u + (uint32_t)n->key;
    return inorder_hash(n->r, acc);
}
static int check_avl(struct node *n, int32_t lo, int32_t hi)
{
    if (!n) return 1;
    int b = h(n->l) - h(n->r);
    return n->key > lo && n->key < hi && b >= -1 && b <= 1 && n->height == 1 + maxi(h(n->l), h(n->r)) &&
           check_avl(n->l, lo, n->key) && check_avl(n->r, n->key, hi);
}
static void free_tree(struct node *n)
{
    if (!n) return;
    free_tree(n->l); free_tree(n->r); free(n);
}

/* ---- chained hash map string -> int ---- */
struct entry { struct entry *next; int value; char key[]; };
struct map { struct entry **b; unsigned nb, n, rehashes; };
static uint32_t fnv(const char *s) { uint32_t x = 2166136261u; while (*s) { x ^= (uint8_t)*s++; x *= 16777619u; } return x; }
static void map_put(struct map *m, const char *k, int v)
{
    uint32_t hv = fnv(k);
    for (struct entry *e = m->b[hv % m->nb]; e; e = e->next)
        if (strcmp(e->key, k) == 0) { e->value = v; return; }
    if (m->n + 1 > m->nb * 3 / 4) {
        unsigned nb = m->nb * 2;
        struct entry **nbk = calloc(nb, sizeof *nbk);
        if (!nbk) abort();
        for (unsigned i = 0; i < m->nb; i++)
            for (struct entry *e = m->b[i], *nx; e; e = nx) {
                nx = e->next;
                unsigned j = fnv(e->key) % nb;
                e->next = nbk[j]; nbk[j] = e;
            }
        free(m->b);
        m->b = nbk; m->nb = nb; m->rehashes++;
    }
    size_t kl = strlen(k) + 1;
    struct entry *e = malloc(sizeof *e + kl);
    if (!e) abort();
    memcpy(e->key, k, kl);
    e->value = v;
    e->next = m->b[hv % m->nb];
    m->b[hv % m->nb] = e;
    m->n++;
}
static int map_get(struct map *m, const char *k, int *v)
{
    for (struct entry *e = m->b[fnv(k) % m->nb]; e; e = e->next)
        if (strcmp(e->key, k) == 0) { *v = e->value; return 1; }
    return 0;
}
static int map_del(struct map *m, const char *k)
{
    for (struct entry **p = &m->b[fnv(k) % m->nb]; *p; p = &(*p)->next)
        if (strcmp((*p)->key, k) == 0) {
            struct entry *e = *p;
            *p = e->next;
            free(e);
            m->n--;
            return 1;
        }
    return 0;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1500;
    if (n < 10 || n > 200000) {
        fprintf(stderr, "alloc: n must be in 10..200000\n");
        return 2;
    }
    char *heap0 = sbrk(0);

    struct node *root = NULL;
    for (int i = 0; i < n; i++)
        root = insert(root, (int32_t)(next() % (unsigned)(n * 4)));
    printf("avl: inserted=%d distinct=%d height=%d valid=%d hash=0x%08lx\n", n, tree_size, h(root),
           check_avl(root, INT32_MIN, INT32_MAX), (unsigned long)inorder_hash(root, 0));
    for (int32_t k = 0; k < n * 4; k += 3)
        root = erase(root, k);
    printf("avl: after erasing multiples of 3: size=%d height=%d valid=%d hash=0x%08lx\n", tree_size, h(root),
           check_avl(root, INT32_MIN, INT32_MAX), (unsigned long)inorder_hash(root, 0));
    free_tree(root);

    struct map m = { calloc(8, sizeof(struct entry *)), 8, 0, 0 };
    if (!m.b) abort();
    char key[24];
    for (int i = 0; i < n; i++) {
        snprintf(key, sizeof key, "key-%d", i * 7 % n);
        map_put(&m, key, i);
    }
    int deleted = 0;
    for (int i = 0; i < n; i += 2) {
        snprintf(key, sizeof key, "key-%d", i);
        deleted += map_del(&m, key);
    }
    uint32_t vh = 0;
    int found = 0;
    for (int i = 0; i < n; i++) {
        int v;
        snprintf(key, sizeof key, "key-%d", i);
        if (map_get(&m, key, &v)) { found++; vh = vh * 33u + (uint32_t)v; }
    }
    printf("map: size=%u buckets=%u rehashes=%u deleted=%d found=%d values=0x%08lx\n", m.n, m.nb, m.rehashes,
           deleted, found, (unsigned long)vh);
    for (unsigned i = 0; i < m.nb; i++)
        for (struct entry *e = m.b[i], *nx; e; e = nx) { nx = e->next; free(e); }
    free(m.b);

    /* A vector grown by realloc, doubling, keeping its contents. */
    int32_t *vec = NULL;
    size_t cap = 0, len = 0, reallocs = 0;
    for (int i = 0; i < n * 4; i++) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4;
            int32_t *nv = realloc(vec, cap * sizeof *nv);
            if (!nv) abort();
            vec = nv;
            reallocs++;
        }
        vec[len++] = i * i;
    }
    int ok = 1;
    for (size_t i = 0; i < len; i++)
        ok &= vec[i] == (int32_t)(i * i);
    vec = realloc(vec, 16 * sizeof *vec); /* shrink keeps the prefix */
    ok &= vec[15] == 225;
    printf("vector: len=%u cap=%u reallocs=%u intact=%d\n", (unsigned)len, (unsigned)cap, (unsigned)reallocs, ok);
    free(vec);

    /* Churn: 256 slots, random sizes, each block filled with a pattern checked before free. */
    enum { SLOTS = 256 };
    static uint8_t *slot[SLOTS];
    static size_t size[SLOTS];
    unsigned allocs = 0, frees = 0, bad = 0;
    for (int step = 0; step < n * 2; step++) {
        unsigned s = next() % SLOTS;
        if (slot[s]) {
            for (size_t i = 0; i < size[s]; i++)
                bad += slot[s][i] != (uint8_t)(s + i);
            free(slot[s]);
            slot[s] = NULL;
            frees++;
        } else {
            size[s] = 1 + next() % 300;
            slot[s] = malloc(size[s]);
            if (!slot[s]) abort();
            for (size_t i = 0; i < size[s]; i++)
                slot[s][i] = (uint8_t)(s + i);
            allocs++;
        }
    }
    for (unsigned s = 0; s < SLOTS; s++)
        if (slot[s]) {
            for (size_t i = 0; i < size[s]; i++)
                bad += slot[s][i] != (uint8_t)(s + i);
            free(slot[s]);
            frees++;
        }
    printf("churn: allocs=%u frees=%u corrupted_bytes=%u\n", allocs, frees, bad);

    /* Anonymous mapping: zero-filled, writable, unmapped again. */
    size_t mlen = 64 * 1024;
    uint32_t *map = mmap(NULL, mlen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) {
        printf("mmap: failed\n");
        return 1;
    }
    int zero = 1;
    for (size_t i = 0; i < mlen / 4; i++) {
        zero &= map[i] == 0;
        map[i] = (uint32_t)i * 2654435761u;
    }
    uint32_t mh = 0;
    for (size_t i = 0; i < mlen / 4; i += 97)
        mh ^= map[i];
    printf("mmap: %u bytes zeroed=%d xor=0x%08lx munmap=%d\n", (unsigned)mlen, zero, (unsigned long)mh, munmap(map, mlen));

    char *heap1 = sbrk(0);
    printf("heap: grew=%d\n", heap1 > heap0);
    return 0;
}
