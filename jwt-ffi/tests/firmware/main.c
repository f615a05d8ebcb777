/*
 * The firmware test: the no_std libjwt_ffi.a in a Cortex-M4 image under
 * qemu (mps2-an386, semihosting for output and the exit status).
 * It issues an HS256 and an ES256 device token with keys made on the
 * device (randomness from a registered callback), verifies both into a
 * caller buffer, refuses a tampered, an expired and a revoked one (a
 * signed revocation event applied to a fixed store in static memory),
 * saves the store to a "flash" buffer and loads it into a fresh store.
 * It prints the heap bytes, instructions and stack of one HS256 and one
 * ES256 verify through a long-lived verifier. Exit status 0 only if
 * every check passed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jwt.h"

extern uint32_t stack_high_water(void);
extern void stack_repaint(void);

static int failures = 0;
#define CHECK(cond)                                                   \
  do {                                                                \
    if (!(cond)) {                                                    \
      failures++;                                                     \
      printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                 \
  } while (0)
#define EXPECT(call, want)                                                   \
  do {                                                                       \
    jwt_result got_ = (call);                                                \
    if (got_ != (jwt_result)(want)) {                                        \
      failures++;                                                            \
      printf("%s:%d: %s returned %u, expected %u\n", __FILE__, __LINE__,     \
             #call, (unsigned)got_, (unsigned)(want));                       \
    }                                                                        \
  } while (0)
#define OK(call) EXPECT(call, JWT_OK)
#define S(s) (const uint8_t *)(s), strlen(s)

/* The firmware's abort hook: the library's panic handler ends here. */
void jwt_platform_abort(void) {
  printf("jwt_platform_abort called\n");
  exit(70);
}

/* Heap accounting: the link wraps malloc, free, realloc and calloc. */
static size_t heap_calls = 0, heap_bytes = 0;
void *__real_malloc(size_t);
void __real_free(void *);
void *__real_realloc(void *, size_t);
void *__real_calloc(size_t, size_t);
void *__wrap_malloc(size_t n) {
  heap_calls++;
  heap_bytes += n;
  return __real_malloc(n);
}
void __wrap_free(void *p) { __real_free(p); }
void *__wrap_realloc(void *p, size_t n) {
  heap_calls++;
  heap_bytes += n;
  return __real_realloc(p, n);
}
void *__wrap_calloc(size_t a, size_t b) {
  heap_calls++;
  heap_bytes += a * b;
  return __real_calloc(a, b);
}

/* A test "TRNG" (an LCG; a real device passes its hardware source). */
static int fill(void *user, uint8_t *buf, size_t len) {
  uint32_t *s = user;
  for (size_t i = 0; i < len; i++) {
    *s = *s * 1664525u + 1013904223u;
    buf[i] = (uint8_t)(*s >> 24);
  }
  return 0;
}

/* mps2 FPGAIO counter: 25 MHz; at qemu -icount shift=0 one tick is 40
 * instructions. */
#define COUNTER (*(volatile uint32_t *)0x40028018)

static const int64_t NOW = 1700000000;
static const char *ISS = "https://auth.example.com";

static _Alignas(8) uint8_t slots[32 * JWT_REVOCATION_SLOT_SIZE];
static _Alignas(8) uint8_t slots2[32 * JWT_REVOCATION_SLOT_SIZE];
static uint8_t flash[512];
static uint8_t claims_buf[768];

static void issue(jwt_issuer *issuer, int64_t now, char *out, size_t cap) {
  size_t n = 0;
  OK(jwt_issuer_issue(issuer, now, (uint8_t *)out, cap, &n));
}

static void measure(const char *name, const jwt_verifier *v, const char *token) {
  const jwt_claims *view = NULL;
  size_t calls = heap_calls, bytes = heap_bytes;
  stack_repaint();
  uint32_t before_stack = stack_high_water();
  uint32_t t0 = COUNTER;
  jwt_result r = jwt_verifier_verify_in(v, S(token), NOW, claims_buf,
                                        sizeof claims_buf, &view, NULL);
  uint32_t t1 = COUNTER;
  uint32_t stack = stack_high_water();
  CHECK(r == JWT_OK);
  printf("measure %s verify_in: heap %u calls %u bytes, ~%lu instructions, "
         "stack %lu bytes (%lu before)\n",
         name, (unsigned)(heap_calls - calls), (unsigned)(heap_bytes - bytes),
         (unsigned long)(t1 - t0) * 40ul, (unsigned long)stack,
         (unsigned long)before_stack);
}

static void device(const char *name, jwt_alg alg, uint32_t *seed) {
  jwt_key *key = NULL;
  OK(jwt_key_generate(alg, fill, seed, &key));
  jwt_issuer *issuer = NULL;
  OK(jwt_issuer_new(key, &issuer));
  OK(jwt_issuer_set_random(issuer, fill, seed));
  OK(jwt_issuer_set_issuer(issuer, S(ISS)));
  OK(jwt_issuer_set_subject(issuer, S("device-42")));
  OK(jwt_issuer_add_audience(issuer, S("gateway-eu-1")));
  OK(jwt_issuer_set_ttl(issuer, 300));
  static char good[512], other[512], old[512], bad[512], event[512];
  issue(issuer, NOW, good, sizeof good);
  issue(issuer, NOW, other, sizeof other);
  issue(issuer, NOW - 1000, old, sizeof old);
  strcpy(bad, good);
  char *dot = strchr(bad, '.');
  dot[5] = dot[5] == 'A' ? 'B' : 'A';

  jwt_revocation_policy rp = {60, 86400, 16, true};
  jwt_revocations *store = NULL;
  OK(jwt_revocations_new_fixed(slots, sizeof slots, &rp, &store));
  jwt_policy *policy = NULL;
  OK(jwt_policy_new(&policy));
  OK(jwt_policy_add_issuer(policy, S(ISS)));
  OK(jwt_policy_add_audience(policy, S("gateway-eu-1")));
  OK(jwt_policy_set_leeway(policy, 30));
  jwt_verifier *v = NULL;
  OK(jwt_verifier_new(key, policy, store, &v));

  const jwt_claims *view = NULL;
  OK(jwt_verifier_verify_in(v, S(good), NOW + 5, claims_buf, sizeof claims_buf,
                            &view, NULL));
  char sub[32], jti[48];
  size_t n = 0;
  OK(jwt_claims_get_string(view, S("sub"), (uint8_t *)sub, sizeof sub, &n));
  CHECK(strcmp(sub, "device-42") == 0);
  EXPECT(jwt_verifier_verify_in(v, S(bad), NOW, claims_buf, sizeof claims_buf,
                                &view, NULL),
         JWT_ERR_SIGNATURE_INVALID);
  EXPECT(jwt_verifier_verify_in(v, S(old), NOW, claims_buf, sizeof claims_buf,
                                &view, NULL),
         JWT_ERR_EXPIRED);

  /* Revoke `other` by a signed event, as the firmware's MQTT client
     would receive it. */
  OK(jwt_verifier_verify_in(v, S(other), NOW, claims_buf, sizeof claims_buf,
                            &view, NULL));
  OK(jwt_claims_get_string(view, S("jti"), (uint8_t *)jti, sizeof jti, &n));
  char body[160];
  snprintf(body, sizeof body, "{\"revoke\":{\"jti\":\"%s\",\"exp\":%ld}}", jti,
           (long)(NOW + 300));
  jwt_issuer *events = NULL;
  OK(jwt_issuer_new(key, &events));
  OK(jwt_issuer_set_random(events, fill, seed));
  OK(jwt_issuer_set_typ(events, S("revocation+jwt")));
  OK(jwt_issuer_set_issuer(events, S(ISS)));
  OK(jwt_issuer_add_audience(events, S("jwt-revocation-events")));
  OK(jwt_issuer_set_ttl(events, 360));
  OK(jwt_issuer_set_claims_json(events, S(body)));
  issue(events, NOW, event, sizeof event);
  jwt_event_verifier *ev = NULL;
  OK(jwt_event_verifier_new(key, S(ISS), &ev));
  jwt_added added = JWT_ADDED_PRESENT;
  OK(jwt_revocations_apply_event(store, ev, S(event), NOW, &added));
  CHECK(added == JWT_ADDED_NEW);
  EXPECT(jwt_verifier_verify_in(v, S(other), NOW, claims_buf, sizeof claims_buf,
                                &view, NULL),
         JWT_ERR_REVOKED);
  OK(jwt_verifier_verify_in(v, S(good), NOW, claims_buf, sizeof claims_buf,
                            &view, NULL));

  /* Keep the store in "flash" and load it into a fresh one. */
  OK(jwt_revocations_save(store, flash, sizeof flash, &n));
  jwt_revocations *restored = NULL;
  OK(jwt_revocations_new_fixed(slots2, sizeof slots2, &rp, &restored));
  size_t loaded = 0;
  OK(jwt_revocations_load(restored, flash, n, NOW, &loaded));
  CHECK(loaded == 1);
  jwt_verifier *v2 = NULL;
  OK(jwt_verifier_new(key, policy, restored, &v2));
  EXPECT(jwt_verifier_verify_in(v2, S(other), NOW, claims_buf,
                                sizeof claims_buf, &view, NULL),
         JWT_ERR_REVOKED);

  measure(name, v2, good);

  jwt_verifier_free(v2);
  jwt_revocations_free(restored);
  jwt_event_verifier_free(ev);
  jwt_issuer_free(events);
  jwt_verifier_free(v);
  jwt_policy_free(policy);
  jwt_revocations_free(store);
  jwt_issuer_free(issuer);
  jwt_key_free(key);
  printf("%s: issued, verified, tampered/expired/revoked refused\n", name);
}

int main(void) {
  uint32_t seed = 0x1234567u;
  printf("jwt-ffi %s on a Cortex-M4\n", jwt_version());
  device("HS256", JWT_ALG_HS256, &seed);
  device("ES256", JWT_ALG_ES256, &seed);
  printf("%s\n", failures == 0 ? "firmware test passed" : "firmware test FAILED");
  return failures == 0 ? 0 : 1;
}
