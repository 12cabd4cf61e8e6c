// Linux's nice-to-weight table (kernel/sched/core.c, sched_prio_to_weight): each nice step is
// ~10% of CPU between two competing processes (weights differ by ~1.25x); nice 0 weighs 1024.
// Fair uses it for virtual runtime, Stride for tickets.

export const NICE_MIN = -20;
export const NICE_MAX = 19;
export const NICE_0_WEIGHT = 1024;

const PRIO_TO_WEIGHT = Int32Array.from([
  /* -20 */ 88761, 71755, 56483, 46273, 36291,
  /* -15 */ 29154, 23254, 18705, 14949, 11916,
  /* -10 */ 9548, 7620, 6100, 4904, 3906,
  /*  -5 */ 3121, 2501, 1991, 1586, 1277,
  /*   0 */ 1024, 820, 655, 526, 423,
  /*   5 */ 335, 272, 215, 172, 137,
  /*  10 */ 110, 87, 70, 56, 45,
  /*  15 */ 36, 29, 23, 18, 15,
]);

/** The weight of a (validated) nice value. */
export function weightOf(nice: number): number {
  return PRIO_TO_WEIGHT[nice - NICE_MIN]!;
}

export function isNice(nice: unknown): nice is number {
  return typeof nice === 'number' && Number.isInteger(nice) && nice >= NICE_MIN && nice <= NICE_MAX;
}
