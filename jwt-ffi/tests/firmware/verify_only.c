/*
 * A verify-only device image for measurements (jwt-ffi/tests/firmware/
 * measure): imports one key, verifies a device token into a caller buffer
 * through a long-lived verifier, refuses a tampered and an expired one,
 * and prints the heap, instructions and stack of one verification. The
 * key and tokens come from tokens.h, written by the measure script with
 * the jwt command. Exit status 0 only if every check passed.
 *
 * Output goes through newlib's integer-only iprintf, as firmware that
 * prints no floating point uses it: printf's float support would pull
 * soft double-precision division and multiplication (1.7 KB) from the
 * Rust archive's compiler_builtins into the library's share.
 */
#define _DEFAULT_SOURCE /* iprintf */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jwt.h"
#include "tokens.h" /* NAME, IMPORT, KEY_INIT, KEY_LEN, KEY_ALG, TOKEN, NOW */

extern uint32_t stack_high_water(void);
extern void stack_repaint(void);

void jwt_platform_abort(void) {
  iprintf("jwt_platform_abort called\n");
  exit(70);
}

static size_t heap_calls = 0, heap_bytes = 0;
void *__real_malloc(size_t);
void __real_free(void *);
void *__real_realloc(void *, size_t);
void *__real_calloc(size_t, size_t);
void *__wrap_malloc(size_t n) { heap_calls++; heap_bytes += n; return __real_malloc(n); }
void __wrap_free(void *p) { __real_free(p); }
void *__wrap_realloc(void *p, size_t n) { heap_calls++; heap_bytes += n; return __real_realloc(p, n); }
void *__wrap_calloc(size_t a, size_t b) { heap_calls++; heap_bytes += a * b; return __real_calloc(a, b); }

#define COUNTER (*(volatile uint32_t *)0x40028018)
#define S(s) (const uint8_t *)(s), strlen(s)

static const uint8_t key_bytes[] = KEY_INIT;
static uint8_t buf[768];
static char bad[1024];

int main(void) {
  int failures = 0;
  jwt_key *key = NULL;
  jwt_policy *policy = NULL;
  jwt_verifier *v = NULL;
  const jwt_claims *view = NULL;
  if (IMPORT(key_bytes, KEY_LEN, KEY_ALG, &key) != JWT_OK || jwt_policy_new(&policy) != JWT_OK ||
      jwt_policy_add_issuer(policy, S("https://auth.example.com")) != JWT_OK ||
      jwt_policy_add_audience(policy, S("gateway-eu-1")) != JWT_OK ||
      jwt_verifier_new(key, policy, NULL, &v) != JWT_OK) {
    iprintf("setup failed\n");
    return 1;
  }
  /* Warm up once, then measure one verification. */
  failures += jwt_verifier_verify_in(v, S(TOKEN), NOW, buf, sizeof buf, &view, NULL) != JWT_OK;
  size_t calls = heap_calls, bytes = heap_bytes;
  stack_repaint();
  uint32_t t0 = COUNTER;
  jwt_result r = jwt_verifier_verify_in(v, S(TOKEN), NOW, buf, sizeof buf, &view, NULL);
  uint32_t t1 = COUNTER;
  uint32_t stack = stack_high_water();
  failures += r != JWT_OK;
  iprintf("measure %s verify-only: heap %u calls %u bytes, ~%lu instructions, stack %lu bytes\n",
         NAME, (unsigned)(heap_calls - calls), (unsigned)(heap_bytes - bytes),
         (unsigned long)(t1 - t0) * 40ul, (unsigned long)stack);
  strcpy(bad, TOKEN);
  char *dot = strchr(bad, '.');
  dot[5] = dot[5] == 'A' ? 'B' : 'A';
  failures += jwt_verifier_verify_in(v, S(bad), NOW, buf, sizeof buf, &view, NULL) !=
              JWT_ERR_SIGNATURE_INVALID;
  failures += jwt_verifier_verify_in(v, S(TOKEN), NOW + 100000, buf, sizeof buf, &view, NULL) !=
              JWT_ERR_EXPIRED;
  jwt_verifier_free(v);
  jwt_policy_free(policy);
  jwt_key_free(key);
  iprintf("%s\n", failures == 0 ? "verify-only image passed" : "verify-only image FAILED");
  return failures == 0 ? 0 : 1;
}
