// The system-call layer's signature: `components.syscall.Syscall` (server interface `syscall`).
// Clients: `process` (components.process.ProcessManager), `filesystem` (components.filesystem.FileSystem),
// `console` (machine.Console, for the kernel's own warnings).

export interface SyscallStats {
  total: number;
  byName: Record<string, number>;
}

export interface Syscall {
  /** Handles the ecall of the running process (registers a7, a0..a5 on the hart). */
  trap(): void;
  stats(): SyscallStats;
  exportState(): unknown;
  importState(state: unknown): void;
}

export const SIGNATURE = {
  name: 'components.syscall.Syscall',
  methods: ['trap', 'stats', 'exportState', 'importState'],
  extends: [] as string[],
} as const;

export const INTERFACE_NAME = 'syscall';
