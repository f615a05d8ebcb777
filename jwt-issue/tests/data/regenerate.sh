#!/usr/bin/env bash
# Regenerates the fixed test keys in this folder with OpenSSL 3 (they are
# committed, so tests never generate RSA keys). Provenance: OpenSSL 3.0.
# None of these keys protects anything.
set -euo pipefail
umask 022
cd "$(dirname "$0")"
pass=test-only-passphrase

# RSA 2048: PKCS#8, the same key as PKCS#1 (openssl genrsa -traditional
# style), DER, and its SPKI public key.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa2048-pkcs8.pem
openssl rsa -in rsa2048-pkcs8.pem -traditional -out rsa2048-pkcs1.pem
openssl rsa -in rsa2048-pkcs8.pem -traditional -outform DER -out rsa2048-pkcs1.der
openssl pkcs8 -topk8 -nocrypt -in rsa2048-pkcs8.pem -outform DER -out rsa2048-pkcs8.der
openssl pkey -in rsa2048-pkcs8.pem -pubout -out rsa2048-public.pem
# RSA 1024: too small, must be refused.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024-pkcs8.pem

# EC: what `openssl ecparam -genkey` writes (EC PARAMETERS + EC PRIVATE
# KEY), the same key as PKCS#8, and DER SEC1.
for curve in prime256v1:p256 secp384r1:p384 secp521r1:p521; do
  name=${curve%%:*} file=${curve##*:}
  openssl ecparam -name "$name" -genkey -out "$file-sec1.pem"
  openssl pkcs8 -topk8 -nocrypt -in "$file-sec1.pem" -out "$file-pkcs8.pem"
  openssl ec -in "$file-sec1.pem" -outform DER -out "$file-sec1.der"
done
openssl pkey -in p256-sec1.pem -pubout -out p256-public.pem

# Ed25519 (PKCS#8 v1, as OpenSSL writes it).
openssl genpkey -algorithm ed25519 -out ed25519-pkcs8.pem
openssl pkcs8 -topk8 -nocrypt -in ed25519-pkcs8.pem -outform DER -out ed25519-pkcs8.der
openssl genpkey -algorithm ed448 -out ed448-pkcs8.pem

# Encrypted keys: PKCS#8 (PBES2) and legacy OpenSSL (Proc-Type) PEM.
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout "pass:$pass" -in p256-sec1.pem -out encrypted-pkcs8.pem
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout "pass:$pass" -in p256-sec1.pem -outform DER -out encrypted-pkcs8.der
openssl ec -in p256-sec1.pem -aes256 -passout "pass:$pass" -out encrypted-legacy-ec.pem
