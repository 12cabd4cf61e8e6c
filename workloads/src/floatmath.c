/*
 * Floating point as test programs use it (soft-float on RV32IM: libgcc's double routines and
 * picolibc's libm run as integer code): sqrt, trigonometry, exp/log/pow, rounding, fmod, hypot,
 * cbrt, hyperbolics on 80 arguments folded into a checksum printed with 17 digits and %a, float
 * accumulation error, NaN/infinity printing and tests, limits, strtod/atof, conversions that
 * overflow (RISC-V fcvt semantics come from libgcc here, not from hardware).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <float.h>
int main(void)
{
  double acc = 0;
  for (int i = 1; i <= 80; i++) {
    double x = i * 0.37 - 20;
    double r[] = { sqrt(fabs(x)), sin(x), cos(x), tan(x / 7), exp(x / 10), log(fabs(x) + 1), pow(fabs(x), 1.7), atan2(x, 3), floor(x), ceil(x), round(x), fmod(x, 3.3), hypot(x, 4), cbrt(x), log10(fabs(x)+1), sinh(x/10), tanh(x) };
    for (unsigned k = 0; k < sizeof r / sizeof r[0]; k++) acc = acc * 0.999 + r[k];
    if (i % 8 == 0) printf("%3d %.17g %.6f %.6e %g %a\n", i, r[1], r[4], r[6], r[13], r[2]);
  }
  float f = 0; for (int i = 0; i < 1000; i++) f += 0.1f;
  printf("acc %.17g f %.9g\n", acc, (double)f);
  printf("nan %f inf %f -inf %e %g %d %d\n", NAN, INFINITY, -INFINITY, (double)NAN * 0, isnan(sqrt(-1.0)), isinf(1e308*10));
  printf("DBL_MAX %g DBL_MIN %g eps %g FLT_MAX %g\n", DBL_MAX, DBL_MIN, DBL_EPSILON, (double)FLT_MAX);
  printf("strtod %.17g %.17g %g atof %g\n", strtod("3.14159265358979323846", NULL), strtod("1e-310", NULL), strtod("0x1.8p1", NULL), atof("-2.5e-3"));
  printf("(int)1e10 %d (unsigned)-1.5 %u lround %ld llrint %lld\n", (int)(volatile double){1e10}, (unsigned)(volatile double){-1.5}, lround(2.5), llrint(-3.5));
  return 0;
}
