//! Errors at the boundary: the engine's errors become their stable
//! numbers; the binding's own argument errors are [`FfiError`] (8xxx).
//!
//! Design note: a `jwt_result` is returned, never stored: no thread-local
//! "last error" (many RTOSes have no TLS). The rejected alternative, an
//! error object the caller must fetch and free, costs an allocation on
//! every failure and cannot work on firmware without a heap.

use jwt_core::ErrorCode;

use crate::jwt_result;

/// The C binding's own errors: arguments a C caller can get wrong, and a
/// caught panic. Numbers 8001-8099, rows of `jwt-core/ERROR_CODES.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FfiError {
    /// A required pointer argument is NULL.
    NullArgument,
    /// An argument is out of range: a zero length, an unknown algorithm,
    /// too little or misaligned memory.
    InvalidArgument,
    /// A text argument is not UTF-8.
    NotUtf8,
    /// The verified claims have no claim of that name.
    ClaimAbsent,
    /// A panic was caught at the boundary.
    Panic,
}

impl FfiError {
    const fn code_number(&self) -> (&'static str, u16) {
        match self {
            FfiError::NullArgument => ("null_argument", 8001),
            FfiError::InvalidArgument => ("invalid_argument", 8002),
            FfiError::NotUtf8 => ("not_utf8", 8003),
            FfiError::ClaimAbsent => ("claim_absent", 8004),
            FfiError::Panic => ("internal_panic", 8005),
        }
    }
}

jwt_core::error_code_methods!(FfiError);

/// Inside the binding: `Err` holds the code to return.
pub(crate) type Res<T> = Result<T, jwt_result>;

/// The stable number of any engine error.
pub(crate) fn code<E: ErrorCode>(e: E) -> jwt_result {
    u32::from(e.number())
}

impl From<FfiError> for jwt_result {
    fn from(e: FfiError) -> Self {
        code(e)
    }
}

/// Runs one export: its `Err` becomes the returned code, and (hosted) a
/// panic becomes `JWT_ERR_INTERNAL_PANIC` instead of unwinding into C.
pub(crate) fn guard(f: impl FnOnce() -> Res<()>) -> jwt_result {
    #[cfg(feature = "std")]
    let result = std::panic::catch_unwind(core::panic::AssertUnwindSafe(f))
        .unwrap_or(Err(code(FfiError::Panic)));
    #[cfg(not(feature = "std"))]
    let result = f();
    match result {
        Ok(()) => crate::codes::JWT_OK,
        Err(c) => c,
    }
}

/// Runs an export that returns nothing (the `_free` functions): a panic
/// is swallowed rather than unwound into C.
pub(crate) fn guard_void(f: impl FnOnce()) {
    #[cfg(feature = "std")]
    let _ = std::panic::catch_unwind(core::panic::AssertUnwindSafe(f));
    #[cfg(not(feature = "std"))]
    f();
}

/// The body of the `_free` functions: frees a handle made by
/// `Box::into_raw` in this library; NULL is harmless; a panic while
/// dropping is not unwound into C.
///
/// # Safety
/// `ptr` is NULL or a handle from `Box::into_raw` here, given back once.
pub(crate) unsafe fn free_box<T>(ptr: *mut T) {
    guard_void(|| {
        if !ptr.is_null() {
            // SAFETY: the caller's contract.
            drop(unsafe { alloc::boxed::Box::from_raw(ptr) });
        }
    });
}
