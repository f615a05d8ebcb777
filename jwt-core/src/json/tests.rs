//! Tests of the checker and the reader.
use super::check::*;
use super::*;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

#[test]
fn every_repeated_name_is_found_whatever_the_filter_says() {
    use alloc::format;
    use alloc::string::String;
    use alloc::vec::Vec;
    for n in 1..20usize {
        let names: Vec<String> = (0..n).map(|i| format!("name{i}")).collect();
        let body: Vec<String> = names.iter().map(|k| format!("\"{k}\":1")).collect();
        let ok = format!("{{{}}}", body.join(","));
        assert_eq!(check_object(&ok, 16), Ok(()), "{ok}");
        let nested = format!("{{\"o\":{ok},\"p\":{ok}}}");
        assert_eq!(check_object(&nested, 16), Ok(()), "{nested}");
        for k in &names {
            for again in [format!("\"{k}\""), format!("\"\\u006e{}\"", &k[1..])] {
                let dup = format!("{{{},{again}:2}}", body.join(","));
                assert_eq!(
                    check_object(&dup, 16),
                    Err(JsonError::DuplicateMember),
                    "{dup}"
                );
                let inner = format!("{{\"x\":{dup}}}");
                assert_eq!(
                    check_object(&inner, 16),
                    Err(JsonError::DuplicateMember),
                    "{inner}"
                );
            }
        }
    }
}

#[test]
fn accepts_valid_objects() {
    for ok in [
        "{}",
        " { } ",
        r#"{"a":"b"}"#,
        r#"{"a":[1,2.5,-3e10,0,-0.0E+2],"b":{"c":null,"d":true,"e":false}}"#,
        r#"{"s":"\u00e9\n\"\\\/\ud83d\ude00"}"#,
        "{\"k\":\"h\u{e9}llo\"}",
    ] {
        assert_eq!(check_object(ok, 16), Ok(()), "{ok}");
    }
}

#[test]
fn rejects_invalid_json() {
    for bad in [
        "",
        "{",
        "}",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\":1,}",
        "{,}",
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":.5}",
        "{\"a\":+1}",
        "{\"a\":1e}",
        "{\"a\":tru}",
        "{\"a\":NaN}",
        "{\"a\":Infinity}",
        "{\"a\":\"\u{1}\"}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\udc00\"}",
        "{\"a\":\"\\ud800\\u0041\"}",
        "{'a':1}",
        "{a:1}",
        "{\"a\":1}{}",
        "{\"a\":1} x",
        "{\"a\":[1}",
        "{\"a\":{]}",
        "{\"a\" 1}",
    ] {
        assert!(check_object(bad, 16).is_err(), "{bad:?}");
    }
    assert_eq!(check_object("[1]", 16), Err(JsonError::NotAnObject));
    assert_eq!(check_object("\"x\"", 16), Err(JsonError::NotAnObject));
}

#[test]
fn duplicate_members_at_any_depth() {
    assert_eq!(
        check_object(r#"{"a":1,"a":1}"#, 16),
        Err(JsonError::DuplicateMember)
    );
    assert_eq!(
        check_object(r#"{"x":{"a":1,"b":2,"a":3}}"#, 16),
        Err(JsonError::DuplicateMember)
    );
    assert_eq!(
        check_object(r#"{"x":[{"a":1},{"a":1,"a":2}]}"#, 16),
        Err(JsonError::DuplicateMember)
    );
    assert_eq!(
        check_object(r#"{"\u0061":1,"a":2}"#, 16),
        Err(JsonError::DuplicateMember)
    );
    // Same names in sibling objects are fine.
    assert_eq!(check_object(r#"{"x":{"a":1},"y":{"a":1}}"#, 16), Ok(()));
    // Many members: the spill path.
    let mut s = String::from("{");
    for i in 0..40 {
        s.push_str(&alloc::format!("\"k{i}\":{i},"));
    }
    s.push_str("\"k7\":0}");
    assert_eq!(check_object(&s, 16), Err(JsonError::DuplicateMember));
    assert_eq!(
        check_object(&s.replace("\"k7\":0}", "\"k99\":0}"), 16),
        Ok(())
    );
}

#[test]
fn duplicates_beyond_the_inline_capacity_and_depth() {
    // More open names than the inline table holds, the duplicate in
    // the outer object after the inner one closed.
    let mut s = String::from("{");
    for i in 0..10 {
        s.push_str(&alloc::format!("\"o{i}\":1,"));
    }
    s.push_str("\"inner\":{");
    for i in 0..10 {
        s.push_str(&alloc::format!("\"i{i}\":1,"));
    }
    s.push_str("\"i0x\":1},\"o3\":2}");
    assert_eq!(check_object(&s, 16), Err(JsonError::DuplicateMember));
    assert_eq!(
        check_object(&s.replace("\"o3\":2", "\"o99\":2"), 16),
        Ok(())
    );
    // Objects deeper than the inline depth.
    let deep = |inner: &str| alloc::format!("{}{inner}{}", "{\"a\":".repeat(20), "}".repeat(20));
    assert_eq!(
        check_object(&deep("{\"x\":1,\"x\":2}"), 32),
        Err(JsonError::DuplicateMember)
    );
    assert_eq!(check_object(&deep("{\"x\":1,\"y\":2}"), 32), Ok(()));
    // A flat object of 31 names (past the inline table): a duplicate
    // written escaped at the end is found, its absence is fine.
    let mut flat = String::from("{");
    for i in 0..30 {
        flat.push_str(&alloc::format!("\"k{i}\":{i},"));
    }
    assert_eq!(
        check_object(&alloc::format!("{flat}\"k\\u0030\":1}}"), 16),
        Err(JsonError::DuplicateMember)
    );
    assert_eq!(
        check_object(&alloc::format!("{flat}\"k30\":1}}"), 16),
        Ok(())
    );
    // Names that share eight leading bytes, and escaped names.
    assert_eq!(check_object(r#"{"abcdefgh1":1,"abcdefgh2":2}"#, 16), Ok(()));
    assert_eq!(
        check_object(r#"{"abcdefgh1":1,"abcdefgh\u0031":2}"#, 16),
        Err(JsonError::DuplicateMember)
    );
}

#[test]
fn check_members_visits_top_level_members_in_order() {
    let text = r#" { "a" : "x" , "b\n":[1, {"a":3}] ,"c":{"d":{}}, "e":-1.5e3 } "#;
    let mut seen = Vec::new();
    check_members(text, 16, |k, v| {
        assert_eq!(v.as_string().is_some(), v.raw().starts_with('"'));
        seen.push((k.to_cow().into_owned(), v.raw()));
        Ok::<(), JsonError>(())
    })
    .unwrap();
    assert_eq!(
        seen,
        vec![
            ("a".to_string(), "\"x\""),
            ("b\n".to_string(), r#"[1, {"a":3}]"#),
            ("c".to_string(), r#"{"d":{}}"#),
            ("e".to_string(), "-1.5e3"),
        ]
    );
    // A visitor error is returned only for valid JSON, and the visitor
    // is not called after it failed.
    let mut calls = 0;
    let r = check_members(r#"{"a":1,"b":2}"#, 16, |_, _| {
        calls += 1;
        Err(JsonError::Syntax("visitor"))
    });
    assert_eq!((r, calls), (Err(JsonError::Syntax("visitor")), 1));
    let r = check_members(r#"{"a":1,"b":}"#, 16, |_, _| {
        Err(JsonError::Syntax("visitor"))
    });
    assert_eq!(r, Err(JsonError::Syntax("unexpected character")));
}

#[test]
fn depth_limit_is_exact() {
    let nest = |n: usize| {
        let mut s = String::from("{\"a\":");
        for _ in 1..n {
            s.push('[');
        }
        s.push('1');
        for _ in 1..n {
            s.push(']');
        }
        s.push('}');
        s
    };
    assert_eq!(check_object(&nest(16), 16), Ok(()));
    assert_eq!(check_object(&nest(17), 16), Err(JsonError::TooDeep));
    let deep = "{\"a\":".to_string() + &"[".repeat(10_000) + &"]".repeat(10_000) + "}";
    assert_eq!(check_object(&deep, 16), Err(JsonError::TooDeep));
    assert_eq!(check_object(&deep, 100_000), Err(JsonError::TooDeep));
}

/// Found by the claims_json fuzz target: serde_json refuses numbers
/// beyond f64 that RFC 8259's grammar allows. The checker follows the
/// RFC; the claims reader then types such a NumericDate as invalid.
#[test]
fn fuzz_regression_huge_number_is_valid_syntax() {
    assert_eq!(check_object(r#"{"exp":1e400}"#, 16), Ok(()));
    assert!(serde_json::from_str::<serde_json::Value>(r#"{"exp":1e400}"#).is_err());
    assert_eq!(
        crate::claims::ClaimsRef::parse(r#"{"exp":1e400}"#),
        Err(crate::VerifyError::InvalidClaim {
            claim: "exp".into()
        })
    );
}

#[test]
fn members_and_elements() {
    let text = r#"{ "a" : "x" , "b\n":[1, "two" ,{"c":3}], "d":-1.5e3 }"#;
    check_object(text, 16).unwrap();
    let m: Vec<_> = Members::new(text)
        .map(|(k, v)| (k.to_cow().into_owned(), v))
        .collect();
    assert_eq!(
        m,
        vec![
            ("a".to_string(), "\"x\""),
            ("b\n".to_string(), r#"[1, "two" ,{"c":3}]"#),
            ("d".to_string(), "-1.5e3"),
        ]
    );
    let e: Vec<_> = Elements::new(m[1].1).unwrap().collect();
    assert_eq!(e, vec!["1", "\"two\"", r#"{"c":3}"#]);
    assert_eq!(Elements::new("[]").unwrap().count(), 0);
    assert_eq!(Elements::new("[ ]").unwrap().count(), 0);
}

#[test]
fn unescape_matches_serde_json() {
    for raw in [
        r#""plain""#,
        r#""a\"b\\c\/d\b\f\n\r\t""#,
        r#""\u00e9\u4e2d\ud83d\ude00""#,
    ] {
        let ours = JsonStr::from_value(raw).unwrap().to_cow().into_owned();
        let theirs: String = serde_json::from_str(raw).unwrap();
        assert_eq!(ours, theirs);
    }
}

use alloc::string::ToString;
