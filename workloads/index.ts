// Public API of workloads/: the committed guest cases and the request-port record format.
export { loadGuestCases, WORKLOADS_DIR, WorkloadManifestError } from './manifest.js';
export type { GuestCase } from './manifest.js';
export {
  decodeReply,
  decodeRequest,
  encodeRequest,
  RecordFormatError,
  REPLY_BYTES,
  REQUEST_BYTES,
  REQUEST_DEVICE,
  REQUEST_FLAG_QUIT,
  REQUEST_MAX_WORK,
  serverWork,
} from './requests.js';
export type { GuestReply, GuestRequest } from './requests.js';
