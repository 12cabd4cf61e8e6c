// Public API of the filesystem family (`components.filesystem.FileSystem`).
import { WriteThrough } from './write-through.js';
import { WriteBack } from './write-back.js';
import { WriteBackIndexed } from './write-back-indexed.js';

export { WriteThrough, WriteBack, WriteBackIndexed };
export { FileSystemBase } from './core.js';
export * from './signature.js';
export type { BlockDisk, DiskRequest, DiskOp } from './disk.js';
export { BLOCK_DISK_SIGNATURE } from './disk.js';
export { FileSystemStateSchema, STATE_VERSION, type FileSystemState } from './state.js';
export { mkfs, type MkfsFile, type MkfsOptions } from './mkfs.js';
export { fsck, type FsckReport } from './fsck.js';
export { MemDisk } from './memdisk.js';
export { Driver } from './driver.js';
export { FsConfigError, FsStateError } from './errors.js';
export { FormatError, NAME_MAX, ROOT_INO } from './format.js';

/** Content class name per name users type. */
export const IMPLEMENTATIONS: Record<string, string> = {
  'write-through': 'components.filesystem.WriteThrough',
  'write-back': 'components.filesystem.WriteBack',
  'write-back-indexed': 'components.filesystem.WriteBackIndexed',
};
