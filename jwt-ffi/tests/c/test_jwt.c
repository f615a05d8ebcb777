/*
 * The C API against the real libjwt_ffi.a: every function, each algorithm
 * issued and verified, each failure code, buffer-too-small paths, NULL
 * and zero-length arguments, the revocation stores through a buffer, a
 * signed revocation event, and one verifier shared by several threads.
 *
 * Usage: test_jwt DIR, where DIR holds rsa_private.pem, rsa_cert.pem,
 * rsa_public.der and rsa_cert.der (scripts/test-ffi prepares it).
 * Exit status 0 only if every check passed.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jwt.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                          \
  do {                                                                       \
    checks++;                                                                \
    if (!(cond)) {                                                           \
      failures++;                                                            \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,      \
              #cond);                                                        \
    }                                                                        \
  } while (0)

/* A call that must return `want` (a jwt_result). */
#define EXPECT(call, want)                                                   \
  do {                                                                       \
    jwt_result got_ = (call);                                                \
    checks++;                                                                \
    if (got_ != (jwt_result)(want)) {                                        \
      failures++;                                                            \
      fprintf(stderr, "%s:%d: %s returned %u, expected %u (%s)\n", __FILE__, \
              __LINE__, #call, (unsigned)got_, (unsigned)(want), #want);     \
    }                                                                        \
  } while (0)

#define OK(call) EXPECT(call, JWT_OK)

/* A C string as the (pointer, length) pair the API takes. */
#define S(s) (const uint8_t *)(s), strlen(s)

static const int64_t NOW = 1700000000;
static const char *ISS = "https://auth.example.com";

static uint8_t *read_file(const char *dir, const char *name, size_t *len) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  uint8_t *buf = malloc(1 << 16);
  *len = fread(buf, 1, 1 << 16, f);
  fclose(f);
  return buf;
}

/* A deterministic "random" source, to show the callback is used. */
static int fill_counter(void *user, uint8_t *buf, size_t len) {
  unsigned *state = user;
  for (size_t i = 0; i < len; i++) {
    *state = *state * 1103515245u + 12345u;
    buf[i] = (uint8_t)(*state >> 16);
  }
  return 0;
}

static int fill_fails(void *user, uint8_t *buf, size_t len) {
  (void)user;
  (void)buf;
  (void)len;
  return -1;
}

static jwt_issuer *make_issuer(const jwt_key *key) {
  jwt_issuer *issuer = NULL;
  OK(jwt_issuer_new(key, &issuer));
  OK(jwt_issuer_set_issuer(issuer, S(ISS)));
  OK(jwt_issuer_set_subject(issuer, S("device-42")));
  OK(jwt_issuer_add_audience(issuer, S("gateway-eu-1")));
  OK(jwt_issuer_set_ttl(issuer, 300));
  OK(jwt_issuer_set_claims_json(issuer, S("{\"fw\":\"1.4.2\",\"boot\":7}")));
  return issuer;
}

static jwt_policy *make_policy(void) {
  jwt_policy *p = NULL;
  OK(jwt_policy_new(&p));
  OK(jwt_policy_add_issuer(p, S(ISS)));
  OK(jwt_policy_add_audience(p, S("gateway-eu-1")));
  OK(jwt_policy_set_leeway(p, 30));
  return p;
}

static void issue(jwt_issuer *issuer, int64_t now, char *token, size_t cap) {
  size_t n = 0;
  OK(jwt_issuer_issue(issuer, now, (uint8_t *)token, cap, &n));
  CHECK(n == strlen(token));
}

/* ------------------------------------------------------------ messages */
static void test_messages(void) {
  char buf[256];
  size_t n = 0;
  CHECK(strcmp(jwt_version(), JWT_FFI_VERSION) == 0);
  OK(jwt_result_message(JWT_ERR_EXPIRED, (uint8_t *)buf, sizeof buf, &n));
  CHECK(strncmp(buf, "expired: ", 9) == 0);
  CHECK(n == strlen(buf));
  OK(jwt_result_message(JWT_OK, (uint8_t *)buf, sizeof buf, &n));
  CHECK(strcmp(buf, "ok: success") == 0);
  /* Every documented code has a message. */
  const jwt_result all[] = {JWT_ERR_MALFORMED,        JWT_ERR_KEY_REJECTED,
                            JWT_ERR_CLAIM_MISMATCH,   JWT_ERR_SIGNATURE_INVALID,
                            JWT_ERR_REVOKED,          JWT_ERR_STORE_FULL,
                            JWT_ERR_EVENT_MALFORMED,  JWT_ERR_BUFFER_TOO_SMALL,
                            JWT_ERR_NULL_ARGUMENT,    JWT_ERR_INTERNAL_PANIC};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    OK(jwt_result_message(all[i], (uint8_t *)buf, sizeof buf, &n));
    CHECK(n > 3);
  }
  /* Too small: nothing copied, size needed reported. */
  memset(buf, 'x', sizeof buf);
  EXPECT(jwt_result_message(JWT_ERR_EXPIRED, (uint8_t *)buf, 4, &n),
         JWT_ERR_BUFFER_TOO_SMALL);
  CHECK(buf[0] == 'x');
  size_t needed = n;
  EXPECT(jwt_result_message(JWT_ERR_EXPIRED, NULL, 0, &n),
         JWT_ERR_BUFFER_TOO_SMALL);
  CHECK(n == needed);
  OK(jwt_result_message(JWT_ERR_EXPIRED, (uint8_t *)buf, needed, &n));
  CHECK(n + 1 == needed);
  EXPECT(jwt_result_message(JWT_ERR_EXPIRED, (uint8_t *)buf, sizeof buf, NULL),
         JWT_ERR_NULL_ARGUMENT);
  EXPECT(jwt_result_message(JWT_ERR_EXPIRED, NULL, 100, &n),
         JWT_ERR_NULL_ARGUMENT);
  EXPECT(jwt_result_message(9999, (uint8_t *)buf, sizeof buf, &n),
         JWT_ERR_INVALID_ARGUMENT);
}

/* ----------------------------------------------------- every algorithm */
static void round_trip(const char *name, jwt_key *key, jwt_alg alg) {
  char token[4096];
  char buf[512];
  size_t n = 0;
  uint32_t got_alg = 0;
  OK(jwt_key_algorithm(key, &got_alg));
  CHECK(got_alg == (uint32_t)alg);

  jwt_issuer *issuer = make_issuer(key);
  issue(issuer, NOW, token, sizeof token);

  jwt_policy *policy = make_policy();
  jwt_verifier *v = NULL;
  OK(jwt_verifier_new(key, policy, NULL, &v));
  jwt_claims *claims = NULL;
  jwt_verify_failure failure;
  OK(jwt_verifier_verify(v, S(token), NOW + 10, &claims, &failure));
  CHECK(claims != NULL);
  OK(jwt_claims_get_string(claims, S("sub"), (uint8_t *)buf, sizeof buf, &n));
  CHECK(strcmp(buf, "device-42") == 0);
  OK(jwt_claims_get_string(claims, S("fw"), (uint8_t *)buf, sizeof buf, &n));
  CHECK(strcmp(buf, "1.4.2") == 0);
  int64_t exp = 0, boot = 0;
  OK(jwt_claims_get_int(claims, S("exp"), &exp));
  CHECK(exp == NOW + 300);
  OK(jwt_claims_get_int(claims, S("boot"), &boot));
  CHECK(boot == 7);
  jwt_claims_free(claims);

  /* Asymmetric keys: the public JWK verifies too, as a JWK and a JWKS. */
  EXPECT(jwt_key_public_jwk(key, (uint8_t *)buf, 0, &n),
         alg <= JWT_ALG_HS512 ? JWT_ERR_ISSUE_UNSUPPORTED
                              : JWT_ERR_BUFFER_TOO_SMALL);
  if (alg > JWT_ALG_HS512) {
    char jwk[2048], jwks[2100], thumb[64];
    OK(jwt_key_public_jwk(key, (uint8_t *)jwk, sizeof jwk, &n));
    CHECK(strstr(jwk, "\"kid\"") != NULL);
    CHECK(strstr(jwk, "\"d\"") == NULL);
    OK(jwt_key_thumbprint(key, (uint8_t *)thumb, sizeof thumb, &n));
    CHECK(n == 43);
    CHECK(strstr(jwk, thumb) != NULL); /* kid defaults to the thumbprint */
    snprintf(jwks, sizeof jwks, "{\"keys\":[%s]}", jwk);
    const char *forms[] = {jwk, jwks};
    for (int i = 0; i < 2; i++) {
      jwt_key *pub = NULL;
      OK(jwt_key_import(S(forms[i]), JWT_ALG_DETECT, &pub));
      /* A JWK exports itself (its members, kid and alg); a set holds
         several keys and is published as it is. */
      char again[2048], thumb_again[64];
      if (i == 0) {
        OK(jwt_key_public_jwk(pub, (uint8_t *)again, sizeof again, &n));
        CHECK(strcmp(again, jwk) == 0);
        OK(jwt_key_thumbprint(pub, (uint8_t *)thumb_again, sizeof thumb_again, &n));
        CHECK(strcmp(thumb_again, thumb) == 0);
      } else {
        EXPECT(jwt_key_public_jwk(pub, (uint8_t *)again, sizeof again, &n),
               JWT_ERR_ISSUE_UNSUPPORTED);
        EXPECT(jwt_key_thumbprint(pub, (uint8_t *)thumb_again, sizeof thumb_again, &n),
               JWT_ERR_ISSUE_UNSUPPORTED);
      }
      jwt_verifier *pv = NULL;
      OK(jwt_verifier_new(pub, policy, NULL, &pv));
      OK(jwt_verifier_verify(pv, S(token), NOW + 10, NULL, NULL));
      /* A public key cannot sign. */
      jwt_issuer *no = NULL;
      jwt_result r = jwt_issuer_new(pub, &no);
      CHECK(r != JWT_OK && no == NULL);
      jwt_verifier_free(pv);
      jwt_key_free(pub);
    }
  } else {
    EXPECT(jwt_key_thumbprint(key, (uint8_t *)buf, sizeof buf, &n),
           JWT_ERR_ISSUE_UNSUPPORTED);
  }
  jwt_verifier_free(v);
  jwt_policy_free(policy);
  jwt_issuer_free(issuer);
  fprintf(stderr, "  %s issued and verified\n", name);
}

/* Decodes the base64url value of JSON member `name` in `json` into
   `out`; returns its length (0 if absent or too long). */
static size_t jwk_member(const char *json, const char *name, uint8_t *out, size_t cap) {
  char pattern[16];
  snprintf(pattern, sizeof pattern, "\"%s\":\"", name);
  const char *p = strstr(json, pattern);
  if (!p)
    return 0;
  p += strlen(pattern);
  static const char *abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  uint32_t acc = 0;
  int bits = 0;
  size_t n = 0;
  for (; *p && *p != '"'; p++) {
    const char *at = strchr(abc, *p);
    if (!at)
      return 0;
    acc = (acc << 6) | (uint32_t)(at - abc);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (n == cap)
        return 0;
      out[n++] = (uint8_t)(acc >> bits);
    }
  }
  return n;
}

/* Raw public keys (jwt_key_import_raw_public): the SEC1 point or Ed25519
   bytes of a generated key verify its tokens; hostile points are refused;
   the key cannot sign. */
static void test_raw_public_keys(void) {
  static const struct {
    jwt_alg alg;
    size_t field;
  } algs[] = {{JWT_ALG_ES256, 32}, {JWT_ALG_ES384, 48}, {JWT_ALG_ES512, 66}, {JWT_ALG_EDDSA, 32}};
  jwt_policy *policy = make_policy();
  for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++) {
    jwt_key *priv = NULL, *pub = NULL;
    OK(jwt_key_generate(algs[i].alg, NULL, NULL, &priv));
    char jwk[1024];
    size_t n = 0;
    OK(jwt_key_public_jwk(priv, (uint8_t *)jwk, sizeof jwk, &n));
    uint8_t point[1 + 2 * 66], half[80];
    size_t len;
    if (algs[i].alg == JWT_ALG_EDDSA) {
      len = jwk_member(jwk, "x", point, sizeof point);
      CHECK(len == 32);
    } else {
      point[0] = 0x04;
      CHECK(jwk_member(jwk, "x", point + 1, algs[i].field) == algs[i].field);
      CHECK(jwk_member(jwk, "y", half, sizeof half) == algs[i].field);
      memcpy(point + 1 + algs[i].field, half, algs[i].field);
      len = 1 + 2 * algs[i].field;
    }
    OK(jwt_key_import_raw_public(point, len, algs[i].alg, &pub));
    /* Its public JWK and thumbprint are the generated key's. */
    char jwk_pub[1024], tp_pub[64], tp_priv[64];
    OK(jwt_key_public_jwk(pub, (uint8_t *)jwk_pub, sizeof jwk_pub, &n));
    CHECK(strcmp(jwk_pub, jwk) == 0);
    OK(jwt_key_thumbprint(pub, (uint8_t *)tp_pub, sizeof tp_pub, &n));
    OK(jwt_key_thumbprint(priv, (uint8_t *)tp_priv, sizeof tp_priv, &n));
    CHECK(strcmp(tp_pub, tp_priv) == 0);
    jwt_issuer *is = make_issuer(priv);
    char token[1024];
    issue(is, NOW, token, sizeof token);
    jwt_verifier *v = NULL;
    OK(jwt_verifier_new(pub, policy, NULL, &v));
    OK(jwt_verifier_verify(v, S(token), NOW, NULL, NULL));
    /* Another key's token is refused. */
    jwt_key *other = NULL;
    OK(jwt_key_generate(algs[i].alg, NULL, NULL, &other));
    jwt_issuer *is2 = make_issuer(other);
    char token2[1024];
    issue(is2, NOW, token2, sizeof token2);
    EXPECT(jwt_verifier_verify(v, S(token2), NOW, NULL, NULL), JWT_ERR_SIGNATURE_INVALID);
    /* The key pins its algorithm; it cannot sign. */
    jwt_issuer *none = NULL;
    EXPECT(jwt_issuer_new(pub, &none), JWT_ERR_ISSUE_KEY_MISMATCH);
    CHECK(none == NULL);
    jwt_key *k = NULL;
    if (algs[i].alg != JWT_ALG_EDDSA) {
      /* Compressed form: the same key. */
      uint8_t compressed[1 + 66];
      compressed[0] = (uint8_t)(0x02 | (point[len - 1] & 1));
      memcpy(compressed + 1, point + 1, algs[i].field);
      OK(jwt_key_import_raw_public(compressed, 1 + algs[i].field, algs[i].alg, &k));
      /* Its JWK needs the y coordinate, which the bytes do not hold. */
      EXPECT(jwt_key_public_jwk(k, (uint8_t *)jwk_pub, sizeof jwk_pub, &n),
             JWT_ERR_KEY_UNSUPPORTED);
      jwt_verifier *vc = NULL;
      OK(jwt_verifier_new(k, policy, NULL, &vc));
      OK(jwt_verifier_verify(vc, S(token), NOW, NULL, NULL));
      jwt_verifier_free(vc);
      jwt_key_free(k);
      k = NULL;
      /* Off the curve, the identity, a wrong length, a wrong tag. */
      point[len - 1] ^= 1;
      EXPECT(jwt_key_import_raw_public(point, len, algs[i].alg, &k), JWT_ERR_KEY_REJECTED);
      point[len - 1] ^= 1;
      uint8_t zero = 0x00;
      EXPECT(jwt_key_import_raw_public(&zero, 1, algs[i].alg, &k), JWT_ERR_KEY_REJECTED);
      EXPECT(jwt_key_import_raw_public(point, len - 1, algs[i].alg, &k), JWT_ERR_KEY_MALFORMED);
      point[0] = 0x05;
      EXPECT(jwt_key_import_raw_public(point, len, algs[i].alg, &k), JWT_ERR_KEY_MALFORMED);
      point[0] = 0x04;
    } else {
      EXPECT(jwt_key_import_raw_public(point, 31, algs[i].alg, &k), JWT_ERR_KEY_MALFORMED);
    }
    CHECK(k == NULL);
    jwt_verifier_free(v);
    jwt_issuer_free(is);
    jwt_issuer_free(is2);
    jwt_key_free(other);
    jwt_key_free(pub);
    jwt_key_free(priv);
  }
  /* Not a public-key algorithm; NULLs; no bytes. */
  jwt_key *k = NULL;
  uint8_t p[65] = {0x04};
  EXPECT(jwt_key_import_raw_public(p, sizeof p, JWT_ALG_HS256, &k), JWT_ERR_INVALID_ARGUMENT);
  EXPECT(jwt_key_import_raw_public(p, sizeof p, JWT_ALG_RS256, &k), JWT_ERR_INVALID_ARGUMENT);
  EXPECT(jwt_key_import_raw_public(p, sizeof p, JWT_ALG_DETECT, &k), JWT_ERR_INVALID_ARGUMENT);
  EXPECT(jwt_key_import_raw_public(NULL, 65, JWT_ALG_ES256, &k), JWT_ERR_NULL_ARGUMENT);
  EXPECT(jwt_key_import_raw_public(p, 0, JWT_ALG_ES256, &k), JWT_ERR_INVALID_ARGUMENT);
  EXPECT(jwt_key_import_raw_public(p, sizeof p, JWT_ALG_ES256, NULL), JWT_ERR_NULL_ARGUMENT);
  CHECK(k == NULL);
  jwt_policy_free(policy);
}

static void test_every_algorithm(const char *dir) {
  static const struct {
    const char *name;
    jwt_alg alg;
  } gen[] = {{"HS256", JWT_ALG_HS256}, {"HS384", JWT_ALG_HS384},
             {"HS512", JWT_ALG_HS512}, {"ES256", JWT_ALG_ES256},
             {"ES384", JWT_ALG_ES384}, {"ES512", JWT_ALG_ES512},
             {"EdDSA", JWT_ALG_EDDSA}};
  unsigned state = 1;
  for (size_t i = 0; i < sizeof gen / sizeof gen[0]; i++) {
    jwt_key *key = NULL;
    /* Half from the caller's source, half from the OS. */
    if (i % 2)
      OK(jwt_key_generate(gen[i].alg, fill_counter, &state, &key));
    else
      OK(jwt_key_generate(gen[i].alg, NULL, NULL, &key));
    round_trip(gen[i].name, key, gen[i].alg);
    jwt_key_free(key);
  }
  /* RSA: one key from PEM, each RS and PS algorithm named. */
  size_t len = 0;
  uint8_t *pem = read_file(dir, "rsa_private.pem", &len);
  static const struct {
    const char *name;
    jwt_alg alg;
  } rsa[] = {{"RS256", JWT_ALG_RS256}, {"RS384", JWT_ALG_RS384},
             {"RS512", JWT_ALG_RS512}, {"PS256", JWT_ALG_PS256},
             {"PS384", JWT_ALG_PS384}, {"PS512", JWT_ALG_PS512}};
  for (size_t i = 0; i < sizeof rsa / sizeof rsa[0]; i++) {
    jwt_key *key = NULL;
    OK(jwt_key_import(pem, len, rsa[i].alg, &key));
    round_trip(rsa[i].name, key, rsa[i].alg);
    jwt_key_free(key);
  }
  /* Without an algorithm the RSA key verifies any RS/PS token but names
     no signing algorithm. */
  jwt_key *any = NULL;
  OK(jwt_key_import(pem, len, JWT_ALG_DETECT, &any));
  uint32_t alg = 99;
  OK(jwt_key_algorithm(any, &alg));
  CHECK(alg == JWT_ALG_DETECT);
  jwt_issuer *no = NULL;
  EXPECT(jwt_issuer_new(any, &no), JWT_ERR_ISSUE_KEY_MISMATCH);
  CHECK(no == NULL);
  jwt_key_free(any);
  free(pem);
}

/* ------------------------------------------------------- key formats */
static void test_key_formats(const char *dir) {
  size_t pem_len, cert_len, der_len, cert_der_len;
  uint8_t *pem = read_file(dir, "rsa_private.pem", &pem_len);
  uint8_t *cert = read_file(dir, "rsa_cert.pem", &cert_len);
  uint8_t *der = read_file(dir, "rsa_public.der", &der_len);
  uint8_t *cert_der = read_file(dir, "rsa_cert.der", &cert_der_len);
  char token[2048];

  jwt_key *signer = NULL;
  OK(jwt_key_import(pem, pem_len, JWT_ALG_RS256, &signer));
  jwt_issuer *issuer = make_issuer(signer);
  issue(issuer, NOW, token, sizeof token);
  jwt_policy *policy = make_policy();

  /* DER public key of the same key: verifies. */
  jwt_key *pub = NULL;
  OK(jwt_key_import(der, der_len, JWT_ALG_DETECT, &pub));
  jwt_verifier *v = NULL;
  OK(jwt_verifier_new(pub, policy, NULL, &v));
  OK(jwt_verifier_verify(v, S(token), NOW, NULL, NULL));
  jwt_verifier_free(v);
  /* Its public JWK and thumbprint are the private key's (an RSA key
     imported without an algorithm publishes none). */
  char jwk_pub[2048], jwk_priv[2048], tp_pub[64], tp_priv[64];
  size_t n1 = 0, n2 = 0;
  OK(jwt_key_public_jwk(pub, (uint8_t *)jwk_pub, sizeof jwk_pub, &n1));
  OK(jwt_key_public_jwk(signer, (uint8_t *)jwk_priv, sizeof jwk_priv, &n2));
  OK(jwt_key_thumbprint(pub, (uint8_t *)tp_pub, sizeof tp_pub, &n1));
  OK(jwt_key_thumbprint(signer, (uint8_t *)tp_priv, sizeof tp_priv, &n2));
  CHECK(strcmp(tp_pub, tp_priv) == 0);
  CHECK(strstr(jwk_pub, "\"kty\":\"RSA\"") != NULL && strstr(jwk_pub, "\"alg\"") == NULL);
  CHECK(strstr(jwk_priv, "\"alg\":\"RS256\"") != NULL);
  const char *n_pub = strstr(jwk_pub, "\"n\":\""), *n_priv = strstr(jwk_priv, "\"n\":\"");
  CHECK(n_pub && n_priv && strncmp(n_pub, n_priv, 300) == 0);
  jwt_key_free(pub);
  /* Named at import, the algorithm is published. */
  OK(jwt_key_import(der, der_len, JWT_ALG_PS384, &pub));
  OK(jwt_key_public_jwk(pub, (uint8_t *)jwk_pub, sizeof jwk_pub, &n1));
  CHECK(strstr(jwk_pub, "\"alg\":\"PS384\",\"use\":\"sig\"}") != NULL);
  jwt_key_free(pub);

  /* Certificates (PEM and DER) of another key: import, refuse the token. */
  const uint8_t *certs[] = {cert, cert_der};
  size_t cert_lens[] = {cert_len, cert_der_len};
  for (int i = 0; i < 2; i++) {
    jwt_key *c = NULL;
    OK(jwt_key_import(certs[i], cert_lens[i], JWT_ALG_DETECT, &c));
    /* A certificate publishes its key. */
    size_t cn = 0;
    OK(jwt_key_public_jwk(c, (uint8_t *)jwk_pub, sizeof jwk_pub, &cn));
    CHECK(strstr(jwk_pub, "\"kty\":\"RSA\"") != NULL);
    OK(jwt_verifier_new(c, policy, NULL, &v));
    EXPECT(jwt_verifier_verify(v, S(token), NOW, NULL, NULL),
           JWT_ERR_SIGNATURE_INVALID);
    jwt_verifier_free(v);
    jwt_key_free(c);
  }

  /* The raw-secret rule: key material is never an HMAC secret, raw bytes
     are one only with an HMAC algorithm, and must be long enough. */
  jwt_key *k = NULL;
  EXPECT(jwt_key_import(pem, pem_len, JWT_ALG_HS256, &k),
         JWT_ERR_KEY_NOT_A_SECRET);
  EXPECT(jwt_key_import(der, der_len, JWT_ALG_HS256, &k),
         JWT_ERR_KEY_NOT_A_SECRET);
  const char *secret = "0123456789abcdef0123456789abcdef";
  EXPECT(jwt_key_import(S(secret), JWT_ALG_DETECT, &k),
         JWT_ERR_KEY_FORMAT_UNRECOGNISED);
  EXPECT(jwt_key_import(S("short"), JWT_ALG_HS256, &k), JWT_ERR_KEY_REJECTED);
  EXPECT(jwt_key_import(S("{\"kty\":\"oct\"}"), JWT_ALG_DETECT, &k),
         JWT_ERR_KEY_MALFORMED);
  EXPECT(jwt_key_import(S("{\"keys\":[]}"), JWT_ALG_DETECT, &k),
         JWT_ERR_KEYSET_REJECTED);
  EXPECT(jwt_key_import(S("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n"
                          "-----END ENCRYPTED PRIVATE KEY-----\n"),
                        JWT_ALG_DETECT, &k),
         JWT_ERR_KEY_ENCRYPTED);
  EXPECT(jwt_key_import(pem, pem_len, JWT_ALG_ES256, &k), JWT_ERR_KEY_MISMATCH);
  CHECK(k == NULL);
  OK(jwt_key_import(S(secret), JWT_ALG_HS256, &k));
  /* An HS256 key refuses an RS256 token: the key pins the algorithm. */
  OK(jwt_verifier_new(k, policy, NULL, &v));
  EXPECT(jwt_verifier_verify(v, S(token), NOW, NULL, NULL),
         JWT_ERR_ALG_NOT_ALLOWED);
  jwt_verifier_free(v);
  jwt_key_free(k);

  /* The lean path (jwt_key_import_secret): the same refusals, no
     detection; an explicit HMAC algorithm only; a token it signs verifies
     with the key jwt_key_import reads from the same bytes, and back. */
  k = NULL;
  EXPECT(jwt_key_import_secret(pem, pem_len, JWT_ALG_HS256, &k),
         JWT_ERR_KEY_NOT_A_SECRET);
  EXPECT(jwt_key_import_secret(der, der_len, JWT_ALG_HS512, &k),
         JWT_ERR_KEY_NOT_A_SECRET);
  EXPECT(jwt_key_import_secret(cert_der, cert_der_len, JWT_ALG_HS384, &k),
         JWT_ERR_KEY_NOT_A_SECRET);
  EXPECT(jwt_key_import_secret(S("{\"kty\":\"oct\",\"k\":\"AAAA\"}"), JWT_ALG_HS256, &k),
         JWT_ERR_KEY_NOT_A_SECRET);
  EXPECT(jwt_key_import_secret(S("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 me@host"),
                               JWT_ALG_HS256, &k),
         JWT_ERR_KEY_NOT_A_SECRET);
  EXPECT(jwt_key_import_secret(S(secret), JWT_ALG_DETECT, &k), JWT_ERR_INVALID_ARGUMENT);
  EXPECT(jwt_key_import_secret(S(secret), JWT_ALG_RS256, &k), JWT_ERR_INVALID_ARGUMENT);
  EXPECT(jwt_key_import_secret(S(secret), 99, &k), JWT_ERR_INVALID_ARGUMENT);
  EXPECT(jwt_key_import_secret(S(secret), JWT_ALG_HS384, &k), JWT_ERR_KEY_REJECTED);
  EXPECT(jwt_key_import_secret(NULL, 32, JWT_ALG_HS256, &k), JWT_ERR_NULL_ARGUMENT);
  EXPECT(jwt_key_import_secret((const uint8_t *)secret, 0, JWT_ALG_HS256, &k),
         JWT_ERR_INVALID_ARGUMENT);
  EXPECT(jwt_key_import_secret(S(secret), JWT_ALG_HS256, NULL), JWT_ERR_NULL_ARGUMENT);
  CHECK(k == NULL);
  jwt_key *lean = NULL, *full = NULL;
  OK(jwt_key_import_secret(S(secret), JWT_ALG_HS256, &lean));
  OK(jwt_key_import(S(secret), JWT_ALG_HS256, &full));
  uint32_t alg = 0;
  OK(jwt_key_algorithm(lean, &alg));
  CHECK(alg == JWT_ALG_HS256);
  jwt_key *pair[2][2] = {{lean, full}, {full, lean}};
  for (int i = 0; i < 2; i++) {
    jwt_issuer *is = make_issuer(pair[i][0]);
    char hs[1024];
    issue(is, NOW, hs, sizeof hs);
    OK(jwt_verifier_new(pair[i][1], policy, NULL, &v));
    OK(jwt_verifier_verify(v, S(hs), NOW, NULL, NULL));
    /* The lean key pins HS256 too. */
    EXPECT(jwt_verifier_verify(v, S(token), NOW, NULL, NULL), JWT_ERR_ALG_NOT_ALLOWED);
    jwt_verifier_free(v);
    jwt_issuer_free(is);
  }
  jwt_key_free(lean);
  jwt_key_free(full);

  jwt_policy_free(policy);
  jwt_issuer_free(issuer);
  jwt_key_free(signer);
  free(pem);
  free(cert);
  free(der);
  free(cert_der);
}

/* ----------------------------------------------------- failure codes */
static void test_failures(void) {
  jwt_key *key = NULL, *other = NULL, *named = NULL;
  OK(jwt_key_import(S("0123456789abcdef0123456789abcdef"), JWT_ALG_HS256, &key));
  OK(jwt_key_import(S("fedcba9876543210fedcba9876543210"), JWT_ALG_HS256, &other));
  /* A generated key carries its thumbprint as kid: it answers only
     tokens naming it. */
  OK(jwt_key_generate(JWT_ALG_HS256, NULL, NULL, &named));
  jwt_issuer *issuer = make_issuer(key);
  char token[2048], bad[2048];
  issue(issuer, NOW, token, sizeof token);
  jwt_policy *policy = make_policy();
  jwt_verifier *v = NULL, *wrong = NULL;
  OK(jwt_verifier_new(key, policy, NULL, &v));
  OK(jwt_verifier_new(other, policy, NULL, &wrong));
  jwt_verify_failure f;
  jwt_claims *claims = (jwt_claims *)&f; /* must stay untouched on failure */

  /* Time: exp + leeway, nbf, iat. */
  EXPECT(jwt_verifier_verify(v, S(token), NOW + 330, &claims, &f),
         JWT_ERR_EXPIRED);
  CHECK(claims == (jwt_claims *)&f);
  CHECK(f.claim_len == 0 && f.claim[0] == 0);
  OK(jwt_verifier_verify(v, S(token), NOW + 329, NULL, NULL));
  EXPECT(jwt_verifier_verify(v, S(token), NOW - 31, NULL, NULL),
         JWT_ERR_ISSUED_IN_FUTURE);
  jwt_issuer *later = make_issuer(key);
  OK(jwt_issuer_set_not_before(later, NOW + 100));
  issue(later, NOW, bad, sizeof bad);
  EXPECT(jwt_verifier_verify(v, S(bad), NOW, NULL, NULL), JWT_ERR_NOT_YET_VALID);
  jwt_issuer_free(later);

  /* Signature: tampered payload, another key. */
  strcpy(bad, token);
  char *dot = strchr(bad, '.');
  dot[3] = dot[3] == 'A' ? 'B' : 'A';
  EXPECT(jwt_verifier_verify(v, S(bad), NOW, NULL, NULL),
         JWT_ERR_SIGNATURE_INVALID);
  EXPECT(jwt_verifier_verify(wrong, S(token), NOW, NULL, NULL),
         JWT_ERR_SIGNATURE_INVALID);
  jwt_verifier *by_kid = NULL;
  OK(jwt_verifier_new(named, policy, NULL, &by_kid));
  EXPECT(jwt_verifier_verify(by_kid, S(token), NOW, NULL, NULL),
         JWT_ERR_KEY_NOT_FOUND);
  jwt_verifier_free(by_kid);
  jwt_key_free(named);

  /* Parsing. */
  EXPECT(jwt_verifier_verify(v, S("abc"), NOW, NULL, NULL), JWT_ERR_MALFORMED);
  EXPECT(jwt_verifier_verify(
             v, S("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."), NOW, NULL, NULL),
         JWT_ERR_ALG_NONE);
  EXPECT(jwt_verifier_verify(v, S("a.b.c.d.e"), NOW, NULL, NULL),
         JWT_ERR_ENCRYPTED_TOKEN);
  const uint8_t not_utf8[] = {0xff, 0xfe, '.', 'a', '.', 'b'};
  EXPECT(jwt_verifier_verify(v, not_utf8, sizeof not_utf8, NOW, NULL, NULL),
         JWT_ERR_NOT_UTF8);

  /* Claims: the failed claim is named. */
  jwt_policy *p2 = NULL;
  OK(jwt_policy_new(&p2));
  OK(jwt_policy_add_issuer(p2, S("https://other.example")));
  OK(jwt_policy_add_audience(p2, S("gateway-eu-1")));
  jwt_verifier *v2 = NULL;
  OK(jwt_verifier_new(key, p2, NULL, &v2));
  EXPECT(jwt_verifier_verify(v2, S(token), NOW, NULL, &f),
         JWT_ERR_CLAIM_MISMATCH);
  CHECK(strcmp((char *)f.claim, "iss") == 0 && f.claim_len == 3);
  jwt_verifier_free(v2);
  jwt_policy_free(p2);

  OK(jwt_policy_new(&p2));
  OK(jwt_policy_add_audience(p2, S("gateway-eu-1")));
  const char *long_name = "firmware_signature_of_a_rather_long_name_"
                          "that_does_not_fit_in_64_bytes";
  OK(jwt_policy_require_claim(p2, S(long_name)));
  OK(jwt_verifier_new(key, p2, NULL, &v2));
  EXPECT(jwt_verifier_verify(v2, S(token), NOW, NULL, &f),
         JWT_ERR_CLAIM_MISSING);
  CHECK(f.claim_len == strlen(long_name) && f.claim_len > 64);
  CHECK(strncmp((char *)f.claim, long_name, JWT_FAILURE_CLAIM_MAX - 1) == 0);
  CHECK(strlen((char *)f.claim) == JWT_FAILURE_CLAIM_MAX - 1);
  jwt_verifier_free(v2);
  jwt_policy_free(p2);

  /* No audience configured: a token with aud is refused. */
  OK(jwt_verifier_new(key, NULL, NULL, &v2));
  EXPECT(jwt_verifier_verify(v2, S(token), NOW, NULL, &f),
         JWT_ERR_CLAIM_MISMATCH);
  CHECK(strcmp((char *)f.claim, "aud") == 0);
  jwt_verifier_free(v2);

  OK(jwt_policy_new(&p2));
  OK(jwt_policy_add_audience(p2, S("gateway-eu-1")));
  OK(jwt_policy_set_subject(p2, S("device-7")));
  OK(jwt_verifier_new(key, p2, NULL, &v2));
  EXPECT(jwt_verifier_verify(v2, S(token), NOW, NULL, &f),
         JWT_ERR_CLAIM_MISMATCH);
  CHECK(strcmp((char *)f.claim, "sub") == 0);
  jwt_verifier_free(v2);
  jwt_policy_free(p2);

  OK(jwt_policy_new(&p2));
  OK(jwt_policy_add_audience(p2, S("gateway-eu-1")));
  OK(jwt_policy_set_typ(p2, S("iot-device+jwt")));
  OK(jwt_policy_require_nbf(p2));
  OK(jwt_verifier_new(key, p2, NULL, &v2));
  EXPECT(jwt_verifier_verify(v2, S(token), NOW, NULL, &f),
         JWT_ERR_CLAIM_MISSING);
  CHECK(strcmp((char *)f.claim, "nbf") == 0);
  jwt_verifier_free(v2);
  jwt_policy_free(p2);

  OK(jwt_policy_new(&p2));
  OK(jwt_policy_add_audience(p2, S("gateway-eu-1")));
  OK(jwt_policy_set_typ(p2, S("iot-device+jwt")));
  OK(jwt_verifier_new(key, p2, NULL, &v2));
  EXPECT(jwt_verifier_verify(v2, S(token), NOW, NULL, &f),
         JWT_ERR_TYP_MISMATCH);
  jwt_verifier_free(v2);
  jwt_policy_free(p2);

  OK(jwt_policy_new(&p2));
  OK(jwt_policy_add_audience(p2, S("gateway-eu-1")));
  OK(jwt_policy_set_max_age(p2, 60));
  OK(jwt_policy_require_iat(p2));
  OK(jwt_verifier_new(key, p2, NULL, &v2));
  EXPECT(jwt_verifier_verify(v2, S(token), NOW + 61, NULL, NULL),
         JWT_ERR_TOO_OLD);
  jwt_verifier_free(v2);
  jwt_policy_free(p2);

  /* Limits: a token over the configured length. */
  OK(jwt_policy_new(&p2));
  OK(jwt_policy_add_audience(p2, S("gateway-eu-1")));
  OK(jwt_policy_set_limits(p2, 64, 1024, 16));
  EXPECT(jwt_policy_set_limits(p2, 0, 1024, 16), JWT_ERR_INVALID_ARGUMENT);
  EXPECT(jwt_policy_set_limits(p2, 64, 1024, 129), JWT_ERR_INVALID_ARGUMENT);
  OK(jwt_verifier_new(key, p2, NULL, &v2));
  EXPECT(jwt_verifier_verify(v2, S(token), NOW, NULL, NULL), JWT_ERR_TOO_LARGE);
  jwt_verifier_free(v2);
  jwt_policy_free(p2);

  /* A token without exp, allowed or not. */
  OK(jwt_policy_new(&p2));
  OK(jwt_policy_allow_missing_exp(p2));
  OK(jwt_verifier_new(key, p2, NULL, &v2));
  jwt_issuer *plain = NULL;
  OK(jwt_issuer_new(key, &plain));
  EXPECT(jwt_issuer_issue(plain, NOW, (uint8_t *)bad, sizeof bad, &(size_t){0}),
         JWT_ERR_MISSING_TTL);
  jwt_verifier_free(v2);
  jwt_policy_free(p2);

  /* Issuing errors. */
  EXPECT(jwt_issuer_set_claims_json(plain, S("{\"iss\":\"x\"}")),
         JWT_ERR_RESERVED_CLAIM);
  EXPECT(jwt_issuer_set_claims_json(plain, S("{\"a\":1,\"a\":2}")),
         JWT_ERR_INVALID_CLAIMS);
  EXPECT(jwt_issuer_set_claims_json(plain, S("[1]")), JWT_ERR_INVALID_CLAIMS);
  OK(jwt_issuer_set_ttl(plain, 60));
  OK(jwt_issuer_set_random(plain, fill_fails, NULL));
  EXPECT(jwt_issuer_issue(plain, NOW, (uint8_t *)bad, sizeof bad, &(size_t){0}),
         JWT_ERR_RNG_FAILED);
  unsigned state = 7;
  OK(jwt_issuer_set_random(plain, fill_counter, &state));
  OK(jwt_issuer_set_kid(plain, S("device-key-1")));
  OK(jwt_issuer_set_typ(plain, S("iot-device+jwt")));
  size_t n = 0;
  OK(jwt_issuer_issue(plain, NOW, (uint8_t *)bad, sizeof bad, &n));
  OK(jwt_issuer_set_ttl(plain, UINT64_MAX));
  EXPECT(jwt_issuer_issue(plain, NOW, (uint8_t *)bad, sizeof bad, &n),
         JWT_ERR_TIME_OVERFLOW);
  jwt_issuer_free(plain);
  EXPECT(jwt_key_generate(JWT_ALG_ES256, fill_fails, NULL, &other),
         JWT_ERR_RNG_FAILED);

  jwt_verifier_free(v);
  jwt_verifier_free(wrong);
  jwt_policy_free(policy);
  jwt_issuer_free(issuer);
  jwt_key_free(key);
  jwt_key_free(other);
}

/* -------------------------------------------- buffers and verify_in */
static void test_buffers(void) {
  jwt_key *key = NULL;
  OK(jwt_key_generate(JWT_ALG_ES256, NULL, NULL, &key));
  jwt_issuer *issuer = make_issuer(key);
  char token[1024];
  size_t n = 0, needed = 0;

  /* Issue: ask for the size, too small, exact. */
  EXPECT(jwt_issuer_issue(issuer, NOW, NULL, 0, &needed),
         JWT_ERR_BUFFER_TOO_SMALL);
  CHECK(needed > 100);
  memset(token, 'x', sizeof token);
  EXPECT(jwt_issuer_issue(issuer, NOW, (uint8_t *)token, needed - 1, &n),
         JWT_ERR_BUFFER_TOO_SMALL);
  CHECK(n == needed && token[0] == 'x');
  OK(jwt_issuer_issue(issuer, NOW, (uint8_t *)token, needed, &n));
  CHECK(n + 1 == needed && token[n] == 0);

  jwt_policy *policy = make_policy();
  jwt_verifier *v = NULL;
  OK(jwt_verifier_new(key, policy, NULL, &v));

  /* verify_in: claims placed in the caller's buffer. */
  _Alignas(8) uint8_t buf[1024];
  const jwt_claims *view = NULL;
  OK(jwt_verifier_verify_in(v, S(token), NOW, buf, sizeof buf, &view, NULL));
  CHECK((const uint8_t *)view >= buf && (const uint8_t *)view < buf + sizeof buf);
  char s[64];
  OK(jwt_claims_get_string(view, S("iss"), (uint8_t *)s, sizeof s, &n));
  CHECK(strcmp(s, ISS) == 0);
  bool has = false;
  OK(jwt_claims_has_audience(view, S("gateway-eu-1"), &has));
  CHECK(has);
  OK(jwt_claims_has_audience(view, S("gateway-us-1"), &has));
  CHECK(!has);
  char json[512];
  OK(jwt_claims_json(view, (uint8_t *)json, sizeof json, &n));
  CHECK(json[0] == '{' && strstr(json, "\"boot\":7") != NULL);
  /* Accessor errors and small buffers. */
  EXPECT(jwt_claims_get_string(view, S("sub"), (uint8_t *)s, 5, &n),
         JWT_ERR_BUFFER_TOO_SMALL);
  CHECK(n == strlen("device-42") + 1);
  EXPECT(jwt_claims_get_string(view, S("boot"), (uint8_t *)s, sizeof s, &n),
         JWT_ERR_CLAIMS_TYPE);
  EXPECT(jwt_claims_get_string(view, S("nope"), (uint8_t *)s, sizeof s, &n),
         JWT_ERR_CLAIM_ABSENT);
  int64_t i64 = 0;
  EXPECT(jwt_claims_get_int(view, S("fw"), &i64), JWT_ERR_CLAIMS_TYPE);
  EXPECT(jwt_claims_get_int(view, S("nbf"), &i64), JWT_ERR_CLAIM_ABSENT);
  EXPECT(jwt_claims_json(view, (uint8_t *)json, 10, &n),
         JWT_ERR_BUFFER_TOO_SMALL);
  /* Freeing a view is harmless (and frees nothing). */
  jwt_claims_free((jwt_claims *)view);
  OK(jwt_claims_get_int(view, S("iat"), &i64));
  CHECK(i64 == NOW);

  /* Too small for the view, too small for the payload. */
  EXPECT(jwt_verifier_verify_in(v, S(token), NOW, buf, 16, &view, NULL),
         JWT_ERR_INVALID_ARGUMENT);
  EXPECT(jwt_verifier_verify_in(v, S(token), NOW, buf,
                                JWT_CLAIMS_IN_BUFFER_OVERHEAD + 20, &view, NULL),
         JWT_ERR_TOO_LARGE);
  /* A misaligned buffer works too. */
  OK(jwt_verifier_verify_in(v, S(token), NOW, buf + 3, sizeof buf - 3, &view,
                            NULL));
  OK(jwt_claims_get_string(view, S("sub"), (uint8_t *)s, sizeof s, &n));
  CHECK(strcmp(s, "device-42") == 0);
  jwt_verify_failure f;
  EXPECT(jwt_verifier_verify_in(v, S(token), NOW + 999, buf, sizeof buf, &view,
                                &f),
         JWT_ERR_EXPIRED);

  /* Public JWK into a small buffer. */
  EXPECT(jwt_key_public_jwk(key, (uint8_t *)s, 8, &n), JWT_ERR_BUFFER_TOO_SMALL);
  CHECK(n > 8);

  jwt_verifier_free(v);
  jwt_policy_free(policy);
  jwt_issuer_free(issuer);
  jwt_key_free(key);
}

/* ------------------------------------------------ NULL and zero args */
static void test_hostile_arguments(void) {
  jwt_key *key = NULL;
  OK(jwt_key_generate(JWT_ALG_HS256, NULL, NULL, &key));
  jwt_issuer *issuer = NULL;
  OK(jwt_issuer_new(key, &issuer));
  jwt_policy *policy = NULL;
  OK(jwt_policy_new(&policy));
  jwt_verifier *v = NULL;
  OK(jwt_verifier_new(key, NULL, NULL, &v));
  jwt_revocation_policy rp = {60, 86400, 16, true};
  jwt_revocations *store = NULL;
  OK(jwt_revocations_new(&rp, &store));
  jwt_event_verifier *ev = NULL;
  OK(jwt_event_verifier_new(key, S(ISS), &ev));
  size_t n = 0;
  uint8_t buf[64];
  const uint8_t *tok = (const uint8_t *)"a.b.c";
  const jwt_result NUL = JWT_ERR_NULL_ARGUMENT, BAD = JWT_ERR_INVALID_ARGUMENT;

  /* Keys. */
  jwt_key *k = NULL;
  EXPECT(jwt_key_import(NULL, 10, JWT_ALG_DETECT, &k), NUL);
  EXPECT(jwt_key_import(buf, 0, JWT_ALG_HS256, &k), BAD);
  EXPECT(jwt_key_import(buf, 10, 99, &k), BAD);
  EXPECT(jwt_key_import(buf, 10, JWT_ALG_HS256, NULL), NUL);
  EXPECT(jwt_key_generate(JWT_ALG_DETECT, NULL, NULL, &k), BAD);
  EXPECT(jwt_key_generate(14, NULL, NULL, &k), BAD);
  EXPECT(jwt_key_generate(JWT_ALG_HS256, NULL, NULL, NULL), NUL);
  CHECK(k == NULL);
  EXPECT(jwt_key_algorithm(NULL, &(uint32_t){0}), NUL);
  EXPECT(jwt_key_algorithm(key, NULL), NUL);
  EXPECT(jwt_key_public_jwk(NULL, buf, sizeof buf, &n), NUL);
  EXPECT(jwt_key_thumbprint(NULL, buf, sizeof buf, &n), NUL);

  /* Policies. */
  jwt_policy *p = NULL;
  EXPECT(jwt_policy_new(NULL), NUL);
  EXPECT(jwt_policy_add_issuer(NULL, S("x")), NUL);
  EXPECT(jwt_policy_add_issuer(policy, NULL, 1), NUL);
  EXPECT(jwt_policy_add_issuer(policy, (const uint8_t *)"x", 0), BAD);
  EXPECT(jwt_policy_add_audience(policy, NULL, 1), NUL);
  EXPECT(jwt_policy_set_subject(policy, (const uint8_t *)"\xc3", 1),
         JWT_ERR_NOT_UTF8);
  EXPECT(jwt_policy_set_typ(NULL, S("x")), NUL);
  EXPECT(jwt_policy_require_claim(policy, NULL, 0), NUL);
  EXPECT(jwt_policy_set_leeway(NULL, 1), NUL);
  EXPECT(jwt_policy_set_max_age(NULL, 1), NUL);
  EXPECT(jwt_policy_require_nbf(NULL), NUL);
  EXPECT(jwt_policy_require_iat(NULL), NUL);
  EXPECT(jwt_policy_allow_missing_exp(NULL), NUL);
  EXPECT(jwt_policy_set_limits(NULL, 1, 1, 1), NUL);
  (void)p;

  /* Verifiers and claims. */
  jwt_verifier *v2 = NULL;
  EXPECT(jwt_verifier_new(NULL, NULL, NULL, &v2), NUL);
  EXPECT(jwt_verifier_new(key, NULL, NULL, NULL), NUL);
  EXPECT(jwt_verifier_verify(NULL, tok, 5, NOW, NULL, NULL), NUL);
  EXPECT(jwt_verifier_verify(v, NULL, 5, NOW, NULL, NULL), NUL);
  EXPECT(jwt_verifier_verify(v, tok, 0, NOW, NULL, NULL), BAD);
  const jwt_claims *view = NULL;
  EXPECT(jwt_verifier_verify_in(v, tok, 5, NOW, NULL, 100, &view, NULL), NUL);
  EXPECT(jwt_verifier_verify_in(v, tok, 5, NOW, buf, sizeof buf, NULL, NULL), NUL);
  EXPECT(jwt_verifier_verify_in(NULL, tok, 5, NOW, buf, sizeof buf, &view, NULL),
         NUL);
  EXPECT(jwt_claims_get_string(NULL, S("sub"), buf, sizeof buf, &n), NUL);
  EXPECT(jwt_claims_get_int(NULL, S("exp"), &(int64_t){0}), NUL);
  EXPECT(jwt_claims_has_audience(NULL, S("a"), &(bool){0}), NUL);
  EXPECT(jwt_claims_json(NULL, buf, sizeof buf, &n), NUL);

  /* Issuers. */
  jwt_issuer *i2 = NULL;
  EXPECT(jwt_issuer_new(NULL, &i2), NUL);
  EXPECT(jwt_issuer_new(key, NULL), NUL);
  EXPECT(jwt_issuer_set_typ(NULL, S("x")), NUL);
  EXPECT(jwt_issuer_set_kid(issuer, NULL, 3), NUL);
  EXPECT(jwt_issuer_set_issuer(issuer, (const uint8_t *)"x", 0), BAD);
  EXPECT(jwt_issuer_set_subject(NULL, S("x")), NUL);
  EXPECT(jwt_issuer_add_audience(issuer, NULL, 1), NUL);
  EXPECT(jwt_issuer_set_claims_json(issuer, NULL, 1), NUL);
  EXPECT(jwt_issuer_set_ttl(NULL, 1), NUL);
  EXPECT(jwt_issuer_set_not_before(NULL, 1), NUL);
  EXPECT(jwt_issuer_set_random(NULL, NULL, NULL), NUL);
  EXPECT(jwt_issuer_issue(NULL, NOW, buf, sizeof buf, &n), NUL);
  EXPECT(jwt_issuer_issue(issuer, NOW, buf, sizeof buf, NULL), NUL);

  /* Revocation stores and events. */
  jwt_revocations *s2 = NULL;
  EXPECT(jwt_revocations_new(NULL, &s2), NUL);
  EXPECT(jwt_revocations_new(&rp, NULL), NUL);
  EXPECT(jwt_revocations_new_fixed(NULL, 400, &rp, &s2), NUL);
  EXPECT(jwt_revocations_new_fixed(buf, 40, &rp, &s2), BAD);
  EXPECT(jwt_revocations_add_token(NULL, NULL, 0, S("j"), NOW, NOW, NULL), NUL);
  EXPECT(jwt_revocations_add_token(store, NULL, 0, NULL, 1, NOW, NOW, NULL), NUL);
  EXPECT(jwt_revocations_add_token(store, NULL, 0, (const uint8_t *)"j", 0, NOW,
                                   NOW, NULL),
         BAD);
  EXPECT(jwt_revocations_add_subject(store, S("i"), NULL, 0, NOW, NOW, NULL), NUL);
  EXPECT(jwt_revocations_check_json(store, S("{}"), NULL), NUL);
  EXPECT(jwt_revocations_check_json(NULL, S("{}"), &(bool){0}), NUL);
  EXPECT(jwt_revocations_check_json(store, S("[]"), &(bool){0}),
         JWT_ERR_MALFORMED);
  EXPECT(jwt_revocations_prune(NULL, NOW, NULL), NUL);
  EXPECT(jwt_revocations_len(store, NULL), NUL);
  EXPECT(jwt_revocations_save(store, buf, sizeof buf, NULL), NUL);
  EXPECT(jwt_revocations_load(store, NULL, 5, NOW, NULL), NUL);
  EXPECT(jwt_revocations_load(store, buf, 0, NOW, NULL), BAD);
  EXPECT(jwt_event_verifier_new(NULL, S(ISS), &ev), NUL);
  EXPECT(jwt_event_verifier_new(key, NULL, 3, &ev), NUL);
  EXPECT(jwt_revocations_apply_event(store, NULL, tok, 5, NOW, NULL), NUL);
  EXPECT(jwt_revocations_apply_event(store, ev, tok, 0, NOW, NULL), BAD);

  /* Every _free accepts NULL. */
  jwt_key_free(NULL);
  jwt_policy_free(NULL);
  jwt_verifier_free(NULL);
  jwt_claims_free(NULL);
  jwt_issuer_free(NULL);
  jwt_revocations_free(NULL);
  jwt_event_verifier_free(NULL);

  jwt_event_verifier_free(ev);
  jwt_revocations_free(store);
  jwt_verifier_free(v);
  jwt_policy_free(policy);
  jwt_issuer_free(issuer);
  jwt_key_free(key);
}

/* ------------------------------------------------------- revocation */
static _Alignas(8) uint8_t slots_a[16 * JWT_REVOCATION_SLOT_SIZE];
static _Alignas(8) uint8_t slots_b[16 * JWT_REVOCATION_SLOT_SIZE];

static void revocation_round_trip(jwt_revocations *store,
                                  jwt_revocations *restored) {
  jwt_key *key = NULL;
  OK(jwt_key_generate(JWT_ALG_ES256, NULL, NULL, &key));
  jwt_issuer *issuer = make_issuer(key);
  jwt_policy *policy = make_policy();
  char token[1024], other[1024], json[512];
  size_t n = 0;
  issue(issuer, NOW, token, sizeof token);
  issue(issuer, NOW, other, sizeof other);

  jwt_verifier *v = NULL;
  OK(jwt_verifier_new(key, policy, store, &v));
  jwt_claims *claims = NULL;
  OK(jwt_verifier_verify(v, S(token), NOW, &claims, NULL));
  char jti[64];
  OK(jwt_claims_get_string(claims, S("jti"), (uint8_t *)jti, sizeof jti, &n));
  OK(jwt_claims_json(claims, (uint8_t *)json, sizeof json, &n));
  jwt_claims_free(claims);

  jwt_added added = JWT_ADDED_ALREADY_EXPIRED;
  OK(jwt_revocations_add_token(store, S(ISS), S(jti), NOW + 300, NOW, &added));
  CHECK(added == JWT_ADDED_NEW);
  OK(jwt_revocations_add_token(store, S(ISS), S(jti), NOW + 300, NOW, &added));
  CHECK(added == JWT_ADDED_PRESENT);
  OK(jwt_revocations_add_token(store, NULL, 0, S("old"), NOW - 1000, NOW,
                               &added));
  CHECK(added == JWT_ADDED_ALREADY_EXPIRED);
  EXPECT(jwt_verifier_verify(v, S(token), NOW, NULL, NULL), JWT_ERR_REVOKED);
  OK(jwt_verifier_verify(v, S(other), NOW, NULL, NULL));
  bool revoked = false;
  OK(jwt_revocations_check_json(store, S(json), &revoked));
  CHECK(revoked);
  /* Every token device-7 got before NOW + 1 is revoked. */
  OK(jwt_revocations_add_subject(store, S(ISS), S("device-42"), NOW + 1, NOW,
                                 NULL));
  EXPECT(jwt_verifier_verify(v, S(other), NOW, NULL, NULL), JWT_ERR_REVOKED);
  size_t len = 0;
  OK(jwt_revocations_len(store, &len));
  CHECK(len == 2);

  /* Save, load into another store: still revoked there. */
  uint8_t saved[512];
  size_t need = 0;
  EXPECT(jwt_revocations_save(store, NULL, 0, &need), JWT_ERR_BUFFER_TOO_SMALL);
  CHECK(need > 0 && need < sizeof saved);
  EXPECT(jwt_revocations_save(store, saved, need - 1, &n),
         JWT_ERR_BUFFER_TOO_SMALL);
  OK(jwt_revocations_save(store, saved, sizeof saved, &n));
  CHECK(n == need);
  size_t loaded = 0;
  OK(jwt_revocations_load(restored, saved, n, NOW, &loaded));
  CHECK(loaded == 2);
  jwt_verifier *v2 = NULL;
  OK(jwt_verifier_new(key, policy, restored, &v2));
  EXPECT(jwt_verifier_verify(v2, S(token), NOW, NULL, NULL), JWT_ERR_REVOKED);
  /* Damaged bytes are refused whole. */
  saved[n / 2] ^= 0x40;
  EXPECT(jwt_revocations_load(restored, saved, n, NOW, &loaded),
         JWT_ERR_STORE_CORRUPT);
  saved[n / 2] ^= 0x40;
  EXPECT(jwt_revocations_load(restored, saved, n - 1, NOW, &loaded),
         JWT_ERR_STORE_CORRUPT);

  /* Pruning after the token's exp plus leeway drops it; the subject
     entry lasts a token lifetime. */
  size_t dropped = 0;
  OK(jwt_revocations_prune(store, NOW + 300 + 61, &dropped));
  CHECK(dropped == 1);
  OK(jwt_revocations_len(store, &len));
  CHECK(len == 1);

  /* The handle may go before its verifiers. */
  jwt_verifier_free(v2);
  jwt_verifier_free(v);
  jwt_policy_free(policy);
  jwt_issuer_free(issuer);
  jwt_key_free(key);
}

static void test_revocation(void) {
  jwt_revocation_policy rp = {60, 86400, 100, true};
  jwt_revocations *heap = NULL, *heap2 = NULL, *fixed = NULL, *fixed2 = NULL;
  OK(jwt_revocations_new(&rp, &heap));
  OK(jwt_revocations_new(&rp, &heap2));
  revocation_round_trip(heap, heap2);
  OK(jwt_revocations_new_fixed(slots_a, sizeof slots_a, &rp, &fixed));
  OK(jwt_revocations_new_fixed(slots_b, sizeof slots_b, &rp, &fixed2));
  revocation_round_trip(fixed, fixed2);
  /* Misaligned memory is refused. */
  jwt_revocations *bad = NULL;
  EXPECT(jwt_revocations_new_fixed(slots_b + 1, sizeof slots_b - 8, &rp, &bad),
         JWT_ERR_INVALID_ARGUMENT);
  /* A full fixed store refuses new entries and keeps the old. */
  jwt_revocations_free(fixed2);
  jwt_revocation_policy keep = {0, 100, 100, false};
  OK(jwt_revocations_new_fixed(slots_b, 8 * JWT_REVOCATION_SLOT_SIZE, &keep,
                               &fixed2));
  char id[16];
  for (int i = 0; i < 7; i++) {
    snprintf(id, sizeof id, "t-%d", i);
    OK(jwt_revocations_add_token(fixed2, NULL, 0, S(id), NOW + 100, NOW, NULL));
  }
  EXPECT(jwt_revocations_add_token(fixed2, NULL, 0, S("t-7"), NOW + 100, NOW,
                                   NULL),
         JWT_ERR_STORE_FULL);
  /* A heap image is not a fixed image. */
  uint8_t img[512];
  size_t n = 0;
  OK(jwt_revocations_add_token(heap2, S(ISS), S("x"), NOW + 100, NOW, NULL));
  OK(jwt_revocations_save(heap2, img, sizeof img, &n));
  EXPECT(jwt_revocations_load(fixed2, img, n, NOW, NULL), JWT_ERR_STORE_CORRUPT);
  jwt_revocations_free(heap);
  jwt_revocations_free(heap2);
  jwt_revocations_free(fixed);
  jwt_revocations_free(fixed2);
}

/* -------------------------------------------------- signed events */
static void test_events(void) {
  jwt_key *issuer_key = NULL, *forger = NULL;
  OK(jwt_key_generate(JWT_ALG_ES256, NULL, NULL, &issuer_key));
  OK(jwt_key_generate(JWT_ALG_ES256, NULL, NULL, &forger));
  jwt_issuer *tokens = make_issuer(issuer_key);
  char token[1024], jti[64], claims[256], event[1024];
  size_t n = 0;
  issue(tokens, NOW, token, sizeof token);

  jwt_revocation_policy rp = {60, 86400, 100, true};
  jwt_revocations *store = NULL;
  OK(jwt_revocations_new(&rp, &store));
  jwt_policy *policy = make_policy();
  jwt_verifier *v = NULL;
  jwt_claims *c = NULL;
  OK(jwt_verifier_new(issuer_key, policy, store, &v));
  OK(jwt_verifier_verify(v, S(token), NOW, &c, NULL));
  OK(jwt_claims_get_string(c, S("jti"), (uint8_t *)jti, sizeof jti, &n));
  jwt_claims_free(c);

  /* The issuer's revocation event, as jwt-revoke's sign_event writes it. */
  snprintf(claims, sizeof claims, "{\"revoke\":{\"jti\":\"%s\",\"exp\":%lld}}",
           jti, (long long)(NOW + 300));
  const jwt_key *signers[] = {forger, issuer_key};
  jwt_event_verifier *ev = NULL;
  OK(jwt_event_verifier_new(issuer_key, S(ISS), &ev));
  for (int i = 0; i < 2; i++) {
    jwt_issuer *events = NULL;
    OK(jwt_issuer_new(signers[i], &events));
    OK(jwt_issuer_set_typ(events, S("revocation+jwt")));
    OK(jwt_issuer_set_issuer(events, S(ISS)));
    OK(jwt_issuer_add_audience(events, S("jwt-revocation-events")));
    OK(jwt_issuer_set_ttl(events, 360));
    OK(jwt_issuer_set_claims_json(events, S(claims)));
    if (i == 0) {
      /* The forger names the issuer's key. */
      char kid[64];
      OK(jwt_key_thumbprint(issuer_key, (uint8_t *)kid, sizeof kid, &n));
      OK(jwt_issuer_set_kid(events, S(kid)));
    }
    issue(events, NOW, event, sizeof event);
    jwt_issuer_free(events);
    jwt_added added = JWT_ADDED_PRESENT;
    if (i == 0) {
      EXPECT(jwt_revocations_apply_event(store, ev, S(event), NOW, &added),
             JWT_ERR_SIGNATURE_INVALID);
      OK(jwt_verifier_verify(v, S(token), NOW, NULL, NULL));
    } else {
      OK(jwt_revocations_apply_event(store, ev, S(event), NOW, &added));
      CHECK(added == JWT_ADDED_NEW);
      EXPECT(jwt_verifier_verify(v, S(token), NOW, NULL, NULL), JWT_ERR_REVOKED);
      /* The event itself is never an access token. */
      EXPECT(jwt_verifier_verify(v, S(event), NOW, NULL, NULL),
             JWT_ERR_CLAIM_MISMATCH);
      /* Expired events are refused. */
      EXPECT(jwt_revocations_apply_event(store, ev, S(event), NOW + 400, NULL),
             JWT_ERR_EXPIRED);
    }
  }
  /* A bare jti is not an event; an access token is not one either. */
  EXPECT(jwt_revocations_apply_event(store, ev, S(jti), NOW, NULL),
         JWT_ERR_EVENT_UNSIGNED);
  EXPECT(jwt_revocations_apply_event(store, ev, S(token), NOW, NULL),
         JWT_ERR_TYP_MISMATCH);
  jwt_event_verifier_free(ev);
  jwt_verifier_free(v);
  jwt_policy_free(policy);
  jwt_revocations_free(store);
  jwt_issuer_free(tokens);
  jwt_key_free(issuer_key);
  jwt_key_free(forger);
}

/* ------------------------------------------------------------ threads */
#define THREADS 4
#define ROUNDS 200

struct shared {
  const jwt_verifier *verifier;
  const jwt_revocations *store;
  const char *good;
  const char *revoked;
  int errors;
};

static void *verify_many(void *arg) {
  struct shared *s = arg;
  _Alignas(8) uint8_t buf[1024];
  int errors = 0;
  for (int i = 0; i < ROUNDS; i++) {
    jwt_claims *c = NULL;
    if (jwt_verifier_verify(s->verifier, S(s->good), NOW, &c, NULL) != JWT_OK)
      errors++;
    jwt_claims_free(c);
    const jwt_claims *view = NULL;
    if (jwt_verifier_verify_in(s->verifier, S(s->good), NOW, buf, sizeof buf,
                               &view, NULL) != JWT_OK)
      errors++;
    if (jwt_verifier_verify(s->verifier, S(s->revoked), NOW, NULL, NULL) !=
        JWT_ERR_REVOKED)
      errors++;
  }
  return (void *)(intptr_t)errors;
}

static void *revoke_many(void *arg) {
  struct shared *s = arg;
  char id[32];
  int errors = 0;
  for (int i = 0; i < ROUNDS; i++) {
    snprintf(id, sizeof id, "other-%d", i);
    if (jwt_revocations_add_token(s->store, S(ISS), S(id), NOW + 300, NOW,
                                  NULL) != JWT_OK)
      errors++;
  }
  return (void *)(intptr_t)errors;
}

static void test_threads(void) {
  jwt_key *key = NULL;
  OK(jwt_key_generate(JWT_ALG_HS256, NULL, NULL, &key));
  jwt_issuer *issuer = make_issuer(key);
  char good[1024], revoked[1024], jti[64];
  issue(issuer, NOW, good, sizeof good);
  issue(issuer, NOW, revoked, sizeof revoked);
  jwt_revocation_policy rp = {60, 86400, 10000, true};
  jwt_revocations *store = NULL;
  OK(jwt_revocations_new(&rp, &store));
  jwt_policy *policy = make_policy();
  jwt_verifier *v = NULL;
  OK(jwt_verifier_new(key, policy, store, &v));
  jwt_claims *c = NULL;
  size_t n;
  OK(jwt_verifier_verify(v, S(revoked), NOW, &c, NULL));
  OK(jwt_claims_get_string(c, S("jti"), (uint8_t *)jti, sizeof jti, &n));
  jwt_claims_free(c);
  OK(jwt_revocations_add_token(store, S(ISS), S(jti), NOW + 300, NOW, NULL));

  struct shared s = {v, store, good, revoked, 0};
  pthread_t t[THREADS + 1];
  for (int i = 0; i < THREADS; i++)
    CHECK(pthread_create(&t[i], NULL, verify_many, &s) == 0);
  CHECK(pthread_create(&t[THREADS], NULL, revoke_many, &s) == 0);
  for (int i = 0; i <= THREADS; i++) {
    void *r = NULL;
    CHECK(pthread_join(t[i], &r) == 0);
    CHECK((intptr_t)r == 0);
  }
  size_t len = 0;
  OK(jwt_revocations_len(store, &len));
  CHECK(len == ROUNDS + 1);
  jwt_verifier_free(v);
  jwt_policy_free(policy);
  jwt_revocations_free(store);
  jwt_issuer_free(issuer);
  jwt_key_free(key);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s KEYDIR\n", argv[0]);
    return 2;
  }
  test_messages();
  test_every_algorithm(argv[1]);
  test_key_formats(argv[1]);
  test_raw_public_keys();
  test_failures();
  test_buffers();
  test_hostile_arguments();
  test_revocation();
  test_events();
  test_threads();
  fprintf(stderr, "%d checks, %d failed\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
