//! `include/jwt.h` is what cbindgen generates from this crate today: the
//! test regenerates it into a temporary file and fails on any difference
//! (`JWT_FFI_BLESS=1` rewrites the checked-in header instead).

#![allow(clippy::unwrap_used)] // test helpers

use std::path::PathBuf;

fn generate() -> String {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let mut parts = version.split('.');
    let mut next = || parts.next().unwrap().to_string();
    let (major, minor, patch) = (next(), next(), next());
    let macros = format!(
        "\n/* The version of the jwt-ffi crate this header belongs to (Cargo.toml). */\n\
         #define JWT_FFI_VERSION \"{version}\"\n\
         #define JWT_FFI_VERSION_MAJOR {major}\n\
         #define JWT_FFI_VERSION_MINOR {minor}\n\
         #define JWT_FFI_VERSION_PATCH {patch}\n"
    );
    let mut out = Vec::new();
    cbindgen::Builder::new()
        .with_config(config)
        .with_crate(&crate_dir)
        .with_after_include(macros)
        .generate()
        .unwrap()
        .write(&mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn the_checked_in_header_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../include/jwt.h");
    let fresh = generate();
    if std::env::var_os("JWT_FFI_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("jwt.h");
    std::fs::write(&tmp, &fresh).unwrap();
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != fresh {
        let diff = std::process::Command::new("diff")
            .arg("-u")
            .arg(&path)
            .arg(&tmp)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        panic!(
            "include/jwt.h is stale; regenerate with \
             `JWT_FFI_BLESS=1 cargo test -p jwt-ffi --test header`:\n{diff}"
        );
    }
}
