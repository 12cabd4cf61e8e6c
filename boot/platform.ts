// The platform: a primitive component whose server interfaces are the machine's devices as the kernel
// sees them (console, block disk, request port). The kernel composite's imports are bound to it, so the
// kernel reaches the machine only through bound interfaces, like any other component.
import { inject, injectable } from 'inversify';
import { content, deviceToken } from '../bindings/index.js';
import type { ConsoleDevice, ConsoleStream } from '../machine/devices/console.js';
import { SECTOR_SIZE, type BlockDevice } from '../machine/devices/disk.js';
import type { PortRequest, RequestPortDevice } from '../machine/devices/request-port.js';
import type { BlockDisk, DiskRequest } from '../components/filesystem/disk.js';

/** What boot binds under deviceToken('requests') when the machine has no request port. */
export const NO_REQUEST_PORT = Symbol('no request port');

@injectable()
@content('tessera.Platform')
export class Platform implements BlockDisk {
  constructor(
    @inject(deviceToken('console')) private readonly consoleDevice: ConsoleDevice,
    @inject(deviceToken('disk')) private readonly diskDevice: BlockDevice,
    @inject(deviceToken('requests')) private readonly requestDevice: RequestPortDevice | typeof NO_REQUEST_PORT,
  ) {}

  // machine.Console
  write(bytes: Uint8Array, stream?: ConsoleStream): void {
    this.consoleDevice.write(bytes, stream);
  }
  available(): number {
    return this.consoleDevice.available();
  }
  read(dst: Uint8Array): number {
    return this.consoleDevice.read(dst);
  }
  atEof(): boolean {
    return this.consoleDevice.atEof();
  }

  // machine.BlockDisk: the filesystem's ids are the device's plus one (it wants them > 0).
  sectorSize(): number {
    return SECTOR_SIZE;
  }
  sectorCount(): number {
    return this.diskDevice.sectorCount;
  }
  submit(req: DiskRequest): number {
    return this.diskDevice.submit(req) + 1;
  }

  // machine.RequestPort
  present(): boolean {
    return this.requestDevice !== NO_REQUEST_PORT;
  }
  receive(): PortRequest | null {
    return this.requestDevice === NO_REQUEST_PORT ? null : this.requestDevice.receive();
  }
  pending(): number {
    return this.requestDevice === NO_REQUEST_PORT ? 0 : this.requestDevice.pending();
  }
  reply(id: number, payload: Uint8Array): boolean {
    return this.requestDevice !== NO_REQUEST_PORT && this.requestDevice.reply(id, payload);
  }
}
