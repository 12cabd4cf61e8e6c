// Public API of the emulated machine. The kernel imports from here (and only the device
// interfaces, the trap contract, address spaces and the loader); machine/ imports nothing else
// from the project.
export { Machine, type DeviceBus, type MachineOptions, type RunExit } from './machine.js';
export { Hart, CONTEXT_WORDS, HART_LAYOUT, ENGINES, type BlockFn, type Engine } from './hart.js';
export { PhysicalMemory, PAGE_SIZE, PAGE_SHIFT, PAGE_MASK, MAX_FRAMES, CONTROL_BYTES } from './physical-memory.js';
export { type FrameSource, SimpleFrameSource } from './frame-source.js';
export { AddressSpace, PERM_R, PERM_W, PERM_X, PERM_RW, PERM_RX, PERM_RWX, permString } from './address-space.js';
export { Cause, Irq, causeName, irqName, type TrapHandler, type CauseCode, type IrqLine } from './trap.js';
export { EventQueue, type EventAction } from './event-queue.js';
export { parseElf, type ElfImage, type ElfSegment } from './elf.js';
export { loadElf, releaseAddressSpace, AT, HWCAP_RV32IM, type LoadOptions, type LoadedProgram } from './loader.js';
export { USER_BASE, STACK_TOP, STACK_MAX, STACK_LIMIT, MMAP_BASE } from './layout.js';
export { MachineConfigError, ElfError, OutOfFramesError } from './errors.js';
export { SplitMix32 } from './prng.js';
export type { TimerDevice } from './devices/timer.js';
export { type ConsoleDevice, type ConsoleStream, type TimedInput, BufferConsole, HostConsole } from './devices/console.js';
export { type BlockDevice, type DiskRequest, type DiskCompletion, type DiskBacking, type DiskOptions, Disk, MemoryBacking, FileBacking, SECTOR_SIZE } from './devices/disk.js';
export { type RequestPortDevice, type ScheduledRequest, type PortRequest, type PortRecord, RequestPort } from './devices/request-port.js';
export { StandaloneRunner, type StandaloneOptions, type RunOutcome, signalName, SIGNAL } from './standalone/runner.js';
