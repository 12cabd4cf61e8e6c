// What both versions of the scheduler's canonical state share: pid range, process states, hint names.

/** Pids live in Int32Arrays: 0 … 2^31−1. */
export const PID_MAX = 0x7fffffff;

export type ProcessState = 'runnable' | 'running' | 'blocked';

/** Policy hints (see SchedulerHints in state.ts for their meaning). */
export const HINT_KEYS = ['vlag', 'level', 'allotment', 'passLag'] as const;
export type HintKey = (typeof HINT_KEYS)[number];
