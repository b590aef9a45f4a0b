/* bcryptprimitives.dll's ProcessPrng, for Wine 8 (Debian 12), which lacks it.
 *
 * Rust's standard library takes its random bytes from ProcessPrng on Windows
 * 10 and later; Wine added the function in version 9. The Windows smoke test
 * (tests/windows/smoke.sh) puts this DLL beside the program it runs under Wine
 * 8, and nowhere else: a real Windows has its own, and no package carries this.
 * It answers from BCryptGenRandom, the system's generator, as Windows does. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
    if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
      return FALSE;
    data += chunk;
    len -= chunk;
  }
  return TRUE;
}
