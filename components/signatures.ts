// Registers every signature the kernel's ADL names: the five families, their attribute signatures,
// and the machine's device interfaces as the kernel sees them. Importing this module is enough.
import { signatures } from '../bindings/index.js';
import * as allocator from './allocator/signature.js';
import { ATTRIBUTES_SIGNATURE as FILESYSTEM_ATTRIBUTES, FILESYSTEM_SIGNATURE } from './filesystem/signature.js';
import { BLOCK_DISK_METHODS, BLOCK_DISK_SIGNATURE } from './filesystem/disk.js';
import * as processSig from './process/signature.js';
import * as scheduler from './scheduler/signature.js';
import * as syscall from './syscall/signature.js';

const define = (s: { name: string; methods?: readonly string[]; extends?: readonly string[]; attributes?: object }) =>
  signatures.define(s.name, {
    methods: [...(s.methods ?? [])],
    extends: [...(s.extends ?? [])],
    ...(s.attributes ? { attributes: s.attributes as never } : {}),
  });

define(scheduler.SIGNATURE);
define(scheduler.ATTRIBUTES_SIGNATURE);
define(allocator.SIGNATURE);
define(allocator.ATTRIBUTES_SIGNATURE);
define(FILESYSTEM_SIGNATURE);
define(FILESYSTEM_ATTRIBUTES);
define(processSig.SIGNATURE);
define(processSig.ATTRIBUTES_SIGNATURE);
define(syscall.SIGNATURE);

/** The machine's devices, as client interfaces of the kernel composite. */
export const MACHINE_SIGNATURES = {
  console: { name: 'machine.Console', methods: ['write', 'available', 'read', 'atEof'] },
  disk: { name: BLOCK_DISK_SIGNATURE, methods: [...BLOCK_DISK_METHODS] },
  requests: { name: 'machine.RequestPort', methods: ['receive', 'pending', 'reply', 'present'] },
} as const;
for (const s of Object.values(MACHINE_SIGNATURES)) define(s);
