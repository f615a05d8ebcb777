/*
 * HS256 verification through jwt-iot's C API beside the engine's Rust API
 * (`Verifier::verify_in_at`, exported for benchmarks only by feature
 * `bench-reference`) and beside libjwt (Debian's libjwt-dev), in one
 * process, on the same token: signature, alg, exp, iss and aud checked by
 * all three. Prints medians in microseconds. Not a test:
 * jwt-ffi/benches/c_peer/run builds and runs it (and scripts/test-ffi
 * runs it briefly, so it keeps working).
 *
 * Usage: bench TOKEN NOW [BATCHES]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jwt.h"

int libjwt_verify(const char *token, const unsigned char *key, int key_len, long now,
                  const char *iss, const char *aud);

/* The benchmark-only exports of feature `bench-reference` (not in jwt.h). */
typedef struct jwt_bench_reference jwt_bench_reference;
jwt_bench_reference *jwt_bench_reference_new(const uint8_t *secret, size_t secret_len,
                                             const uint8_t *iss, size_t iss_len,
                                             const uint8_t *aud, size_t aud_len);
int jwt_bench_reference_verify_in(const jwt_bench_reference *r, const uint8_t *token, size_t len,
                                  int64_t now, uint8_t *buf, size_t buf_len);
void jwt_bench_reference_free(jwt_bench_reference *r);

static const char SECRET[] = "0123456789abcdef0123456789abcdef";
static const char *ISS = "https://auth.example.com";
static const char *AUD = "gateway-eu-1";

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s TOKEN NOW [BATCHES]\n", argv[0]);
    return 2;
  }
  const char *token = argv[1];
  long now = atol(argv[2]);
  int batches = argc > 3 ? atoi(argv[3]) : 31;
  const int per = 2000;

  jwt_key *key = NULL;
  jwt_policy *policy = NULL;
  jwt_verifier *v = NULL;
  if (jwt_key_import_secret((const uint8_t *)SECRET, strlen(SECRET), JWT_ALG_HS256, &key) ||
      jwt_policy_new(&policy) ||
      jwt_policy_add_issuer(policy, (const uint8_t *)ISS, strlen(ISS)) ||
      jwt_policy_add_audience(policy, (const uint8_t *)AUD, strlen(AUD)) ||
      jwt_verifier_new(key, policy, NULL, &v)) {
    fprintf(stderr, "setup failed\n");
    return 1;
  }
  jwt_bench_reference *rust =
      jwt_bench_reference_new((const uint8_t *)SECRET, strlen(SECRET), (const uint8_t *)ISS,
                              strlen(ISS), (const uint8_t *)AUD, strlen(AUD));
  if (!rust) {
    fprintf(stderr, "setup failed\n");
    return 1;
  }
  static uint8_t buf[1024];
  const jwt_claims *view = NULL;
  size_t len = strlen(token);
  /* All must accept the token and refuse a tampered one. */
  char *bad = strdup(token);
  bad[len - 2] = bad[len - 2] == 'A' ? 'B' : 'A';
  if (jwt_verifier_verify_in(v, (const uint8_t *)token, len, now, buf, sizeof buf, &view, NULL) ||
      jwt_bench_reference_verify_in(rust, (const uint8_t *)token, len, now, buf, sizeof buf) ||
      libjwt_verify(token, (const unsigned char *)SECRET, (int)strlen(SECRET), now, ISS, AUD) ||
      !jwt_bench_reference_verify_in(rust, (const uint8_t *)bad, len, now, buf, sizeof buf) ||
      !jwt_verifier_verify_in(v, (const uint8_t *)bad, len, now, buf, sizeof buf, &view, NULL) ||
      !libjwt_verify(bad, (const unsigned char *)SECRET, (int)strlen(SECRET), now, ISS, AUD)) {
    fprintf(stderr, "a library disagreed on the tokens\n");
    return 1;
  }
  double *ours = calloc((size_t)batches, sizeof *ours);
  double *engine = calloc((size_t)batches, sizeof *engine);
  double *theirs = calloc((size_t)batches, sizeof *theirs);
  for (int b = 0; b < batches; b++) {
    double t0 = now_us();
    for (int i = 0; i < per; i++)
      if (jwt_verifier_verify_in(v, (const uint8_t *)token, len, now, buf, sizeof buf, &view, NULL))
        return 1;
    double t1 = now_us();
    for (int i = 0; i < per; i++)
      if (jwt_bench_reference_verify_in(rust, (const uint8_t *)token, len, now, buf, sizeof buf))
        return 1;
    double t2 = now_us();
    for (int i = 0; i < per; i++)
      if (libjwt_verify(token, (const unsigned char *)SECRET, (int)strlen(SECRET), now, ISS, AUD))
        return 1;
    double t3 = now_us();
    ours[b] = (t1 - t0) / per;
    engine[b] = (t2 - t1) / per;
    theirs[b] = (t3 - t2) / per;
  }
  qsort(ours, (size_t)batches, sizeof *ours, cmp);
  qsort(engine, (size_t)batches, sizeof *engine, cmp);
  qsort(theirs, (size_t)batches, sizeof *theirs, cmp);
  double a = ours[batches / 2], e = engine[batches / 2], c = theirs[batches / 2];
  printf("| HS256 verify (sig, alg, exp, iss, aud) | median us |\n|---|---:|\n");
  printf("| jwt-iot C API (jwt_verifier_verify_in) | %.3f |\n", a);
  printf("| jwt-iot Rust API (Verifier::verify_in_at) | %.3f |\n", e);
  printf("| libjwt %s (jwt_decode + claim checks) | %.3f |\n", "1.10", c);
  printf("\nC API / Rust API: %.2fx; libjwt / C API: %.2fx (%d batches of %d, interleaved)\n",
         a / e, c / a, batches, per);
  free(ours);
  free(engine);
  free(theirs);
  jwt_bench_reference_free(rust);
  free(bad);
  jwt_verifier_free(v);
  jwt_policy_free(policy);
  jwt_key_free(key);
  return 0;
}
