// Guest cases for the reconfiguration tests: the same manifest reader as the kernel tests.
export { guestCase } from '../kernel/guests.js';
export type { GuestCase as Guest } from '../../workloads/manifest.js';
