//! Wycheproof JOSE vectors (`vectors/wycheproof`, see its README for
//! provenance), run case by case.
//!
//! `json_web_signature_test.json`: each group's JWK (`public`, or `private`
//! when there is no public one, e.g. for `oct` keys; a private RSA/EC JWK
//! yields its public half) becomes a key through [`Jwk::to_verifying_key`]
//! with no algorithm named, so the JWK's own `alg` (or curve) pins it; the
//! same JWK as a one-key JWKS through [`KeySet`] must give the same answer.
//! Each `jws` goes through [`Verifier::verify_jws`] (key selection and
//! signature; the payloads are not claims sets). A case is accepted when
//! the key imports and the JWS verifies.
//!
//! `json_web_key_test.json`: the group's `public` (else `private`) member is
//! one JWK or a `{"keys": [...]}` set; it is imported (single JWK as above,
//! sets through [`KeySet::from_jwks_json`]) and each test's `jws` verified.
//!
//! Every case must agree with its label, except the ones in the deviation
//! tables below, which must keep deviating exactly as recorded (so a table
//! never goes stale). Neither file has `acceptable` cases today; if one
//! appears, its outcome is printed and counted but not judged.

use std::collections::BTreeMap;

use jwt_verify::{DynVerifyingKey, FixedClock, Jwk, KeyError, KeySet, Verifier};
use serde_json::Value;

const JWS_FILE: &str = include_str!("../../../vectors/wycheproof/json_web_signature_test.json");
const JWK_FILE: &str = include_str!("../../../vectors/wycheproof/json_web_key_test.json");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ours {
    Accepted,
    Rejected,
}

const EMPTY_PAYLOAD: &str = "labelled valid (emptyPayload, RS256/RS384/RS512/PS256/PS384/PS512): \
     an empty payload segment is refused at parse time as a detached payload";

/// `json_web_signature_test.json` cases where we disagree with the label:
/// tcId, what we do, why. All but the empty-payload ones are labelling
/// problems upstream (see `vectors/README.md`).
const JWS_DEVIATIONS: &[(u64, Ours, &str)] = &[
    // Deliberate: the compact parser refuses an empty payload segment,
    // because it cannot be told apart from a detached payload (RFC 7515
    // appendix F), which this project does not support. RFC 7515 itself
    // allows an empty payload; an empty payload is never a JWT.
    (259, Ours::Rejected, EMPTY_PAYLOAD),
    (264, Ours::Rejected, EMPTY_PAYLOAD),
    (268, Ours::Rejected, EMPTY_PAYLOAD),
    (272, Ours::Rejected, EMPTY_PAYLOAD),
    (320, Ours::Rejected, EMPTY_PAYLOAD),
    (325, Ours::Rejected, EMPTY_PAYLOAD),
    // Labelling problems upstream (vectors/README.md).
    (
        346,
        Ours::Rejected,
        "labelled valid, but the key is pinned to PS256 (its JWK alg) and the token is PS384 \
         (RFC 7520 4.2): AlgorithmMismatch",
    ),
    (
        347,
        Ours::Rejected,
        "labelled valid, but the JWK says alg \"ES521\", not a registered JWS algorithm: the key \
         is refused at import (KeyError::Unsupported)",
    ),
    (
        350,
        Ours::Rejected,
        "as 346 (key_ops variant): PS256 key, PS384 token, AlgorithmMismatch",
    ),
    (
        351,
        Ours::Rejected,
        "as 347 (key_ops variant): alg \"ES521\" refused at import",
    ),
    (
        367,
        Ours::Accepted,
        "labelled invalid (\"invalidBase64Padding\") but byte-for-byte the valid tcId 357",
    ),
    (
        370,
        Ours::Accepted,
        "labelled invalid (\"invalidBase64PaddingInPayload\") but byte-for-byte the valid tcId 357",
    ),
    (
        372,
        Ours::Rejected,
        "labelled valid, but a '?' sits inside the header segment: not base64url (Parse error)",
    ),
    (
        373,
        Ours::Rejected,
        "labelled valid, but a '?' sits inside the payload segment: not base64url (Parse error)",
    ),
];

/// `json_web_key_test.json` cases where we disagree with the label.
const JWK_DEVIATIONS: &[(u64, Ours, &str)] = &[];

/// What a label asks for; `None` for `acceptable`.
fn expected(label: &str) -> Option<Ours> {
    match label {
        "valid" => Some(Ours::Accepted),
        "invalid" => Some(Ours::Rejected),
        "acceptable" => None,
        other => panic!("unknown Wycheproof result {other:?}"),
    }
}

/// Compares outcomes with labels and a deviation table.
struct Judge {
    file: &'static str,
    table: BTreeMap<u64, (Ours, &'static str)>,
    cases: usize,
    deviations: usize,
    acceptable: Vec<(u64, Ours)>,
    failures: Vec<String>,
    seen: Vec<u64>,
}

impl Judge {
    fn new(file: &'static str, table: &[(u64, Ours, &'static str)]) -> Self {
        let map: BTreeMap<_, _> = table.iter().map(|&(id, o, why)| (id, (o, why))).collect();
        assert_eq!(
            map.len(),
            table.len(),
            "{file}: duplicate tcId in the table"
        );
        Judge {
            file,
            table: map,
            cases: 0,
            deviations: 0,
            acceptable: Vec::new(),
            failures: Vec::new(),
            seen: Vec::new(),
        }
    }

    fn case(&mut self, tc_id: u64, label: &str, ours: Ours, detail: &str) {
        self.cases += 1;
        assert!(
            !self.seen.contains(&tc_id),
            "{}: tcId {tc_id} twice",
            self.file
        );
        self.seen.push(tc_id);
        let Some(want) = expected(label) else {
            self.acceptable.push((tc_id, ours));
            return;
        };
        match (ours == want, self.table.get(&tc_id)) {
            (true, None) => {}
            (false, Some(&(recorded, _))) if recorded == ours => self.deviations += 1,
            (false, Some(&(recorded, _))) => self.failures.push(format!(
                "tcId {tc_id}: table says {recorded:?}, we now say {ours:?} ({detail})"
            )),
            (false, None) => self.failures.push(format!(
                "tcId {tc_id}: labelled {label}, we say {ours:?} ({detail})"
            )),
            (true, Some(_)) => self.failures.push(format!(
                "tcId {tc_id}: in the deviation table but now agrees with its label \
                 ({label}); remove it from the table"
            )),
        }
    }

    fn finish(self, expected_cases: usize) {
        let mut failures = self.failures;
        for id in self.table.keys() {
            if !self.seen.contains(id) {
                failures.push(format!("tcId {id}: in the table but not in the file"));
            }
        }
        if self.cases != expected_cases {
            failures.push(format!(
                "ran {} cases, the file declares {expected_cases}",
                self.cases
            ));
        }
        let accepted = self
            .acceptable
            .iter()
            .filter(|(_, o)| *o == Ours::Accepted)
            .count();
        println!(
            "wycheproof {}: {} cases, {} deviations, {} acceptable ({} accepted: {:?})",
            self.file,
            self.cases,
            self.deviations,
            self.acceptable.len(),
            accepted,
            self.acceptable
        );
        assert!(
            failures.is_empty(),
            "{}: {} disagreement(s):\n{}",
            self.file,
            failures.len(),
            failures.join("\n")
        );
    }
}

/// The group's key JSON: `public` if present, else `private`.
fn group_key(group: &Value) -> &Value {
    match group.get("public") {
        Some(public) => public,
        None => &group["private"],
    }
}

fn outcome(
    result: Result<(jwt_verify::Header, Vec<u8>), jwt_verify::VerifyError>,
) -> (Ours, String) {
    match result {
        Ok(_) => (Ours::Accepted, "verified".into()),
        Err(e) => (Ours::Rejected, format!("{e:?}")),
    }
}

type KeyVerifier = Verifier<DynVerifyingKey, FixedClock>;
type SetVerifier = Verifier<KeySet, FixedClock>;

/// One JWK imported two ways: as a key ([`Jwk::to_verifying_key`], no
/// algorithm named) and as a one-key JWKS. Both must import alike.
fn one_jwk(key_text: &str, what: &Value) -> Result<(KeyVerifier, SetVerifier), KeyError> {
    let single = Jwk::from_json(key_text).and_then(|jwk| jwk.to_verifying_key(None));
    let set = KeySet::from_jwks_json(&format!(r#"{{"keys":[{key_text}]}}"#), &[]);
    // A one-key set refuses with the member's own error, wrapped to name it.
    let set_error = set.as_ref().err().map(|e| match e {
        KeyError::NoUsableKey { first } => match first.as_ref() {
            KeyError::KeySetMember { error, .. } => error.as_ref().clone(),
            other => other.clone(),
        },
        other => other.clone(),
    });
    assert_eq!(
        single.as_ref().err(),
        set_error.as_ref(),
        "{what}: the JWK and the one-key JWKS import differently"
    );
    Ok((
        Verifier::new(single?, FixedClock(0)),
        Verifier::new(set?, FixedClock(0)),
    ))
}

/// Verifies through both imports of one JWK; they must agree.
fn through_both(verifiers: &(KeyVerifier, SetVerifier), tc_id: u64, jws: &str) -> (Ours, String) {
    let a = outcome(verifiers.0.verify_jws(jws));
    let b = outcome(verifiers.1.verify_jws(jws));
    assert_eq!(a, b, "tcId {tc_id}: key and key set disagree");
    a
}

#[test]
fn wycheproof_json_web_signature() {
    let file: Value = serde_json::from_str(JWS_FILE).unwrap();
    let mut judge = Judge::new("json_web_signature_test.json", JWS_DEVIATIONS);
    for group in file["testGroups"].as_array().unwrap() {
        let verifiers = one_jwk(&group_key(group).to_string(), &group["comment"]);
        for t in group["tests"].as_array().unwrap() {
            let tc_id = t["tcId"].as_u64().unwrap();
            let jws = t["jws"].as_str().unwrap();
            let (ours, detail) = match &verifiers {
                Ok(v) => through_both(v, tc_id, jws),
                Err(e) => (Ours::Rejected, format!("key import: {e}")),
            };
            judge.case(tc_id, t["result"].as_str().unwrap(), ours, &detail);
        }
    }
    judge.finish(usize::try_from(file["numberOfTests"].as_u64().unwrap()).unwrap());
}

#[test]
fn wycheproof_json_web_key() {
    let file: Value = serde_json::from_str(JWK_FILE).unwrap();
    let mut judge = Judge::new("json_web_key_test.json", JWK_DEVIATIONS);
    for group in file["testGroups"].as_array().unwrap() {
        let keys = group_key(group);
        let key_text = keys.to_string();
        let is_set = keys.get("keys").is_some();
        let set = if is_set {
            KeySet::from_jwks_json(&key_text, &[]).map(|set| Verifier::new(set, FixedClock(0)))
        } else {
            Err(KeyError::Malformed { reason: "unused" })
        };
        let single = if is_set {
            Err(KeyError::Malformed { reason: "unused" })
        } else {
            one_jwk(&key_text, &group["comment"])
        };
        for t in group["tests"].as_array().unwrap() {
            let tc_id = t["tcId"].as_u64().unwrap();
            let jws = t["jws"].as_str().unwrap();
            let (ours, detail) = match (is_set, &set, &single) {
                (true, Ok(v), _) => outcome(v.verify_jws(jws)),
                (true, Err(e), _) | (false, _, Err(e)) => {
                    (Ours::Rejected, format!("key import: {e}"))
                }
                (false, _, Ok(v)) => through_both(v, tc_id, jws),
            };
            judge.case(tc_id, t["result"].as_str().unwrap(), ours, &detail);
        }
    }
    judge.finish(usize::try_from(file["numberOfTests"].as_u64().unwrap()).unwrap());
}
