/*
 * The request-port record format shared by the server guest, the machine's request-port device
 * and the load generators (all little-endian, fixed size, one record per read/write):
 *
 *   request (16 bytes): id u32, work u32 (work units to spend), seed u32, flags u32 (bit 0: quit)
 *   reply   (16 bytes): id u32, result u32, work u32 (units actually done), status u32 (0 = ok)
 */
#ifndef TESSERA_REQUEST_H
#define TESSERA_REQUEST_H

#include <stdint.h>

#define REQUEST_DEVICE "/dev/requests"
#define REQUEST_FLAG_QUIT 1u
#define REQUEST_MAX_WORK 1000000u

struct request { uint32_t id, work, seed, flags; };
struct reply { uint32_t id, result, work, status; };

_Static_assert(sizeof(struct request) == 16, "request record is 16 bytes");
_Static_assert(sizeof(struct reply) == 16, "reply record is 16 bytes");

#endif
