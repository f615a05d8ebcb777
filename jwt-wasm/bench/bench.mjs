// jwt-wasm beside the npm `jose` package (Node's native crypto), in one
// process, on the same tokens and keys. Not a test: prints a Markdown
// table of medians (microseconds per operation) and ratios.
//
//   scripts/build-wasm && node jwt-wasm/bench/bench.mjs
//
// JWT_WASM_PKG (default jwt-wasm/pkg) and JOSE_DIR (default
// target/interop/node_modules/jose, from scripts/interop-setup) as for the tests.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const PKG = path.resolve(process.env.JWT_WASM_PKG || path.join(here, '..', 'pkg'));
const JOSE_DIR = path.resolve(process.env.JOSE_DIR || path.join(here, '..', '..', 'target', 'interop', 'node_modules', 'jose'));
const w = createRequire(import.meta.url)(path.join(PKG, 'node', 'jwt_wasm.js'));
const josePkg = JSON.parse(fs.readFileSync(path.join(JOSE_DIR, 'package.json'), 'utf8'));
const jose = await import(pathToFileURL(path.join(JOSE_DIR, josePkg.exports['.'].default)).href);

const NOW = new Date();
const NOW_S = Math.floor(NOW.getTime() / 1000);
const BATCHES = Number(process.env.BATCHES || 15);

/** Median microseconds per call of `fn` (sync or async) over BATCHES batches. */
async function measure(fn, perBatch) {
  for (let i = 0; i < perBatch; i++) await fn(); // warm-up
  const samples = [];
  for (let b = 0; b < BATCHES; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / perBatch);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

async function pair(alg) {
  const key = w.SigningKey.generate(alg);
  const jwk = alg.startsWith('HS') ? key.privateJwk() : key.publicJwk();
  const joseVerifyKey = await jose.importJWK(jwk, alg);
  const token = new w.Issuer(key, { issuer: 'https://auth.example', audience: 'gw-1', expiresIn: 600 })
    .issue({ scope: 'telemetry:write' }, { subject: 'device-42' });
  const verifier = new w.Verifier(key.verifyingKey(), { issuer: 'https://auth.example', audience: 'gw-1', algorithms: [alg] });
  const joseOptions = { issuer: 'https://auth.example', audience: 'gw-1', algorithms: [alg] };
  // Both accept the token before anything is timed.
  verifier.verify(token);
  await jose.jwtVerify(token, joseVerifyKey, joseOptions);
  return { key, token, verifier, joseVerifyKey, joseOptions };
}

const rows = [];
for (const [alg, n] of [['HS256', 20000], ['ES256', 400], ['EdDSA', 1000]]) {
  const p = await pair(alg);
  const ours = await measure(() => p.verifier.verify(p.token), n);
  const theirs = await measure(() => jose.jwtVerify(p.token, p.joseVerifyKey, p.joseOptions), n);
  rows.push([`${alg} verify`, ours, theirs]);
}
{
  const key = w.SigningKey.generate('HS256');
  const issuer = new w.Issuer(key, { issuer: 'https://auth.example', audience: 'gw-1', expiresIn: 600 });
  const joseKey = await jose.importJWK(key.privateJwk(), 'HS256');
  const ours = await measure(() => issuer.issue({ scope: 'telemetry:write' }, { subject: 'device-42' }), 20000);
  const theirs = await measure(() => new jose.SignJWT({ scope: 'telemetry:write' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid })
    .setIssuer('https://auth.example').setSubject('device-42').setAudience('gw-1')
    .setIssuedAt().setExpirationTime('600s').setJti(crypto.randomBytes(16).toString('hex'))
    .sign(joseKey), 20000);
  rows.push(['HS256 issue', ours, theirs]);
}

console.log(`Node ${process.version}, jose ${josePkg.version}, ${BATCHES} batches, medians (us per operation)\n`);
console.log('| operation | jwt-wasm | jose | jose / jwt-wasm |');
console.log('|---|---:|---:|---:|');
for (const [op, ours, theirs] of rows) {
  console.log(`| ${op} | ${ours.toFixed(2)} | ${theirs.toFixed(2)} | ${(theirs / ours).toFixed(2)}x |`);
}
