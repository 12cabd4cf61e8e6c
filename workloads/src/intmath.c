/*
 * Integer semantics a C test suite checks: 64-bit arithmetic through libgcc (__divdi3, __udivdi3,
 * __moddi3, __umoddi3, __muldi3, shifts), signed/unsigned wrap-around, division by zero and
 * INT_MIN / -1 with RISC-V's defined results (no trap: quotient -1 / INT_MIN, remainder = dividend /
 * 0), conversions and promotions, bitfields, struct copy and compound literals, and a 64-bit LCG
 * checksum. Operands go through volatile so the compiler emits the real instructions.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile int vi[] = { 0, 1, -1, 2, -2, 7, -7, 100, INT32_MAX, INT32_MIN, 12345678, -99999 };
static volatile int64_t vl[] = { 0, 1, -1, 3, -3, 1000000007LL, -1000000007LL, INT64_MAX, INT64_MIN,
                                 0x123456789abcdefLL, -0x0fedcba987654321LL, 4294967296LL, 4294967295LL };
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Division by zero and overflow are undefined in C; these helpers issue the RISC-V instruction. */
static int div32(int a, int b) { int r; __asm__("div %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int rem32(int a, int b) { int r; __asm__("rem %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static unsigned divu32(unsigned a, unsigned b) { unsigned r; __asm__("divu %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static unsigned remu32(unsigned a, unsigned b) { unsigned r; __asm__("remu %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }

struct flags {
    unsigned ready : 1;
    unsigned mode : 3;
    signed level : 4;
    unsigned count : 12;
    unsigned : 0;
    unsigned high : 7;
};

struct point { int x, y; };
struct shape { char name[12]; struct point pts[3]; struct flags f; long long area; };

static struct shape make(const char *name, int k)
{
    struct shape s;
    memset(&s, 0, sizeof s);
    strncpy(s.name, name, sizeof s.name - 1);
    for (int i = 0; i < 3; i++)
        s.pts[i] = (struct point){ k * i, -k * i * i };
    s.f.ready = 1;
    s.f.mode = (unsigned)k;
    s.f.level = -k;
    s.f.count = 4095;
    s.f.high = 127;
    s.area = (long long)k * 1000000000LL;
    return s; /* returned by value through a hidden pointer */
}

int main(void)
{
    printf("== 32-bit division, RISC-V semantics\n");
    for (size_t i = 0; i < N(vi); i++)
        for (size_t j = 0; j < N(vi); j += 3)
            printf("%d/%d=%d %%=%d u:%u/%u=%u %%=%u\n", vi[i], vi[j], div32(vi[i], vi[j]), rem32(vi[i], vi[j]),
                   (unsigned)vi[i], (unsigned)vi[j], divu32((unsigned)vi[i], (unsigned)vi[j]), remu32((unsigned)vi[i], (unsigned)vi[j]));
    printf("INT_MIN/-1=%d INT_MIN%%-1=%d\n", div32(INT_MIN, vi[2]), rem32(INT_MIN, vi[2]));

    printf("== 64-bit arithmetic (libgcc)\n");
    uint64_t acc = 0;
    for (size_t i = 0; i < N(vl); i++) {
        for (size_t j = 0; j < N(vl); j++) {
            int64_t a = vl[i], b = vl[j];
            uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
            int64_t q = (b == 0 || (a == INT64_MIN && b == -1)) ? 0 : a / b;
            int64_t r = (b == 0 || (a == INT64_MIN && b == -1)) ? 0 : a % b;
            uint64_t uq = ub ? ua / ub : 0, ur = ub ? ua % ub : 0;
            uint64_t prod = ua * ub, sum = ua + ub, diff = ua - ub;
            acc = acc * 6364136223846793005ULL + (uint64_t)q + (uint64_t)r * 3 + uq * 5 + ur * 7 + prod + (sum ^ diff);
            if (j % 4 == 0)
                printf("%" PRId64 " %" PRId64 ": q=%" PRId64 " r=%" PRId64 " uq=%" PRIu64 " ur=%" PRIu64 " mul=%" PRIx64 "\n", a, b, q, r, uq, ur, prod);
        }
    }
    printf("checksum %016" PRIx64 "\n", acc);
    for (int s = 0; s < 64; s += 7) {
        int64_t x = vl[10];
        printf("shift %2d: << %016" PRIx64 " >> %016" PRIx64 " >>> %016" PRIx64 "\n", s, (uint64_t)x << s, (uint64_t)(x >> s), (uint64_t)x >> s);
    }

    printf("== wrap-around and conversions\n");
    unsigned umax = UINT_MAX;
    volatile unsigned one = 1;
    printf("UINT_MAX+1=%u 0u-1=%u\n", umax + one, 0u - one);
    int out1, out2;
    int o1 = __builtin_add_overflow(INT_MAX, (int)one, &out1);
    int o2 = __builtin_mul_overflow(65536, 65536 * (int)one, &out2);
    printf("add overflow builtin: %d %d; mul: %d %d\n", o1, out1, o2, out2);
    printf("(int)(unsigned)3000000000=%d (unsigned char)300=%u (signed char)200=%d (short)40000=%d\n",
           (int)(3000000000u * one), (unsigned char)(300 * one), (signed char)(200 * one), (short)(40000 * one));
    int minus1 = -(int)one;
    printf("-1 < 1u is %d; (long long)-1 < 1u is %d\n", (unsigned)minus1 < one, (long long)minus1 < one);
    printf("-7/2=%d -7%%2=%d 7/-2=%d 7%%-2=%d\n", -7 / (2 * (int)one), -7 % (2 * (int)one), 7 / (-2 * (int)one), 7 % (-2 * (int)one));
    printf("-7>>1=%d (unsigned)-7>>1=%u\n", -7 >> one, (unsigned)-7 >> one);
    double dd = -3.75 * one;
    printf("(int)-3.75=%d (unsigned)3.99=%u (long long)1e18=%lld (double)INT64_MAX=%.1f\n", (int)dd, (unsigned)(3.99 * one),
           (long long)(1e18 * one), (double)vl[7]);

    printf("== bitfields and struct copy\n");
    struct shape a = make("triangle", 3), b;
    b = a; /* struct assignment */
    b.name[0] = 'T';
    b.f.level = 7;
    b.f.count++; /* wraps to 0 */
    struct shape c[2] = { a, b };
    for (int i = 0; i < 2; i++)
        printf("%s ready=%u mode=%u level=%d count=%u high=%u area=%lld pts=(%d,%d)(%d,%d)(%d,%d)\n", c[i].name, c[i].f.ready,
               c[i].f.mode, c[i].f.level, c[i].f.count, c[i].f.high, c[i].area, c[i].pts[0].x, c[i].pts[0].y, c[i].pts[1].x,
               c[i].pts[1].y, c[i].pts[2].x, c[i].pts[2].y);
    printf("sizeof flags=%zu shape=%zu memcmp(a,b)=%d\n", sizeof(struct flags), sizeof(struct shape), memcmp(&a, &c[0], sizeof a) == 0);
    union { uint32_t u; uint8_t b[4]; float f; } un = { .u = 0x3f800001u };
    printf("union bytes %02x %02x %02x %02x float %.9g\n", un.b[0], un.b[1], un.b[2], un.b[3], (double)un.f);
    return 0;
}
