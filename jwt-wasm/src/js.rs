//! The JavaScript functions the binding calls, each imported with
//! `catch`, and the conversions of arguments and results.
//!
//! Design note: anything a caller hands in may run the caller's code when
//! it is read (getters, `toJSON`, Proxy traps, a Date look-alike). Every
//! such read goes through an import declared with `catch`, so an exception
//! becomes an `Err` here instead of unwinding through the wasm frames
//! (which would skip Rust's clean-up and leave the module unusable).
//! js-sys' own imports are used only on values this module created or
//! checked (a fresh array from `Reflect.ownKeys`, a copy of a byte array).
//! Strings are measured before they are copied into wasm memory, so a huge
//! string costs no allocation here.

use alloc::string::String;
use alloc::vec::Vec;

use jwt_core::json::{Elements, JsonStr, Kind, Members, kind};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::error::{arg_type, arg_value, caller_threw};

/// The longest string (UTF-16 units) or byte array the package copies into
/// wasm memory: far above every engine limit (8 KiB tokens, 1 MiB key
/// material), so the engine's own limits still decide, but small enough
/// that no input can exhaust the module's memory.
pub(crate) const MAX_INPUT_LEN: u32 = 1 << 20;

/// The most elements read from an array option (audiences, algorithms).
const MAX_ARRAY_LEN: u32 = 1024;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = set, catch)]
    fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = ownKeys, catch)]
    fn reflect_own_keys(target: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = defineProperty, catch)]
    fn reflect_define_property(
        target: &JsValue,
        key: &JsValue,
        descriptor: &JsValue,
    ) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = BigInt, catch)]
    fn big_int(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
    #[wasm_bindgen(js_namespace = ["Date", "prototype", "getTime"], js_name = call, catch)]
    fn date_get_time(date: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ArrayBuffer, js_name = isView)]
    fn is_view(value: &JsValue) -> bool;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> bool;
    /// `Uint8Array` under a local name, for a constructor imported with
    /// `catch` (a detached buffer makes `new Uint8Array(view)` throw).
    #[wasm_bindgen(js_name = Uint8Array)]
    type Uint8ArrayCopy;
    #[wasm_bindgen(constructor, js_class = "Uint8Array", catch)]
    fn new(source: &JsValue) -> Result<Uint8ArrayCopy, JsValue>;
}

/// A new `Error` with `name`.
pub(crate) fn new_error(message: &str, name: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name(name);
    err.into()
}

/// A new `TypeError`.
pub(crate) fn new_type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// Whether `value` is an `Error` (by prototype chain).
pub(crate) fn is_error(value: &JsValue) -> bool {
    value.is_instance_of::<js_sys::Error>()
}

/// Sets a property on an object this package created.
pub(crate) fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Cannot fail on the plain objects and errors made here.
    let _ = reflect_set(target, &JsValue::from_str(key), value);
}

/// A fresh plain object.
pub(crate) fn object() -> JsValue {
    js_sys::Object::new().into()
}

/// `value` as a Rust string, refusing anything but a string and strings
/// longer than [`MAX_INPUT_LEN`] (measured before copying).
pub(crate) fn string_arg(value: &JsValue, what: &str) -> Result<String, JsValue> {
    let s = value
        .dyn_ref::<js_sys::JsString>()
        .ok_or_else(|| arg_type(what, "a string"))?;
    if s.length() > MAX_INPUT_LEN {
        return Err(arg_value(&alloc::format!(
            "{what} is longer than {MAX_INPUT_LEN} characters"
        )));
    }
    Ok(String::from(s))
}

/// The bytes of a `Uint8Array` (copied first, so a detached buffer or a
/// look-alike object is refused rather than read), at most
/// [`MAX_INPUT_LEN`] of them, zeroized when dropped.
pub(crate) fn bytes_arg(value: &JsValue, what: &str) -> Result<Zeroizing<Vec<u8>>, JsValue> {
    if !is_view(value) || !value.is_instance_of::<js_sys::Uint8Array>() {
        return Err(arg_type(what, "a Uint8Array"));
    }
    let copy: js_sys::Uint8Array = Uint8ArrayCopy::new(value)
        .map_err(|_| arg_type(what, "a readable Uint8Array"))?
        .unchecked_into();
    if copy.length() > MAX_INPUT_LEN {
        return Err(arg_value(&alloc::format!(
            "{what} is longer than {MAX_INPUT_LEN} bytes"
        )));
    }
    let bytes = Zeroizing::new(copy.to_vec());
    copy.fill(0, 0, copy.length());
    Ok(bytes)
}

/// A JSON object given as a JavaScript object (serialised with
/// `JSON.stringify`) or as JSON text.
pub(crate) fn json_object_arg(value: &JsValue, what: &str) -> Result<String, JsValue> {
    if value.is_string() {
        return string_arg(value, what);
    }
    if !value.is_object() || is_array(value) || value.is_function() {
        return Err(arg_type(what, "an object or a JSON string"));
    }
    let text = json_stringify(value).map_err(|e| caller_threw(what, e))?;
    string_arg(&text, what)
}

/// The options object `value` (`undefined` and `null` mean none), with
/// every own key among `allowed`: a misspelt option is an error, not a
/// check silently skipped.
pub(crate) fn options_arg(
    value: &JsValue,
    allowed: &[&str],
    what: &str,
) -> Result<Option<Options>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if !value.is_object() || is_array(value) || value.is_function() {
        return Err(arg_type(what, "an object"));
    }
    let keys = reflect_own_keys(value).map_err(|e| caller_threw(what, e))?;
    for key in keys.iter() {
        if let Some(name) = key.as_string()
            && !allowed.contains(&name.as_str())
        {
            return Err(arg_value(&alloc::format!(
                "unknown option `{name}` in {what} (known: {})",
                allowed.join(", ")
            )));
        }
    }
    Ok(Some(Options {
        object: value.clone(),
        what: String::from(what),
    }))
}

/// An options object whose keys were checked.
pub(crate) struct Options {
    object: JsValue,
    what: String,
}

impl Options {
    /// The option `name`, `None` when absent or `undefined`.
    pub(crate) fn get(&self, name: &str) -> Result<Option<JsValue>, JsValue> {
        let value = reflect_get(&self.object, &JsValue::from_str(name))
            .map_err(|e| caller_threw(&self.what, e))?;
        Ok((!value.is_undefined()).then_some(value))
    }

    fn label(&self, name: &str) -> String {
        alloc::format!("{}.{name}", self.what)
    }

    /// A string option.
    pub(crate) fn string(&self, name: &str) -> Result<Option<String>, JsValue> {
        self.get(name)?
            .map(|v| string_arg(&v, &self.label(name)))
            .transpose()
    }

    /// A string or an array of strings.
    pub(crate) fn strings(&self, name: &str) -> Result<Option<Vec<String>>, JsValue> {
        let Some(value) = self.get(name)? else {
            return Ok(None);
        };
        let label = self.label(name);
        if value.is_string() {
            return Ok(Some(alloc::vec![string_arg(&value, &label)?]));
        }
        string_array(&value, &label).map(Some)
    }

    /// A non-negative whole number of seconds.
    pub(crate) fn seconds(&self, name: &str) -> Result<Option<u64>, JsValue> {
        self.get(name)?
            .map(|v| seconds_arg(&v, &self.label(name)))
            .transpose()
    }

    /// A boolean.
    pub(crate) fn boolean(&self, name: &str) -> Result<Option<bool>, JsValue> {
        self.get(name)?
            .map(|v| {
                v.as_bool()
                    .ok_or_else(|| arg_type(&self.label(name), "a boolean"))
            })
            .transpose()
    }

    /// A `Date`, as whole seconds since the epoch.
    pub(crate) fn date(&self, name: &str) -> Result<Option<i64>, JsValue> {
        self.get(name)?
            .map(|v| date_arg(&v, &self.label(name)))
            .transpose()
    }
}

/// An array of strings, read element by element with `Reflect.get` (so a
/// Proxy's traps cannot throw through the module).
pub(crate) fn string_array(value: &JsValue, what: &str) -> Result<Vec<String>, JsValue> {
    if !is_array(value) {
        return Err(arg_type(what, "a string or an array of strings"));
    }
    let len = reflect_get(value, &JsValue::from_str("length"))
        .map_err(|e| caller_threw(what, e))?
        .as_f64()
        .unwrap_or(0.0);
    if !(0.0..=f64::from(MAX_ARRAY_LEN)).contains(&len) {
        return Err(arg_value(&alloc::format!(
            "{what} has more than {MAX_ARRAY_LEN} elements"
        )));
    }
    let mut out = Vec::new();
    let mut i = 0u32;
    while f64::from(i) < len {
        let item = reflect_get(value, &JsValue::from(i)).map_err(|e| caller_threw(what, e))?;
        out.push(string_arg(&item, what)?);
        i = i.saturating_add(1);
    }
    Ok(out)
}

/// A non-negative safe integer number of seconds.
pub(crate) fn seconds_arg(value: &JsValue, what: &str) -> Result<u64, JsValue> {
    let n = value
        .as_f64()
        .ok_or_else(|| arg_type(what, "a number of seconds"))?;
    let whole = f64_to_i64(n).filter(|s| *s >= 0).ok_or_else(|| {
        arg_value(&alloc::format!(
            "{what} must be a whole number of seconds, 0 or more"
        ))
    })?;
    u64::try_from(whole).map_err(|_| arg_value(what))
}

/// A `Date` (a real one: `Date.prototype.getTime` must accept it) as
/// whole seconds since the epoch, rounded down.
pub(crate) fn date_arg(value: &JsValue, what: &str) -> Result<i64, JsValue> {
    let ms = date_get_time(value)
        .ok()
        .and_then(|t| t.as_f64())
        .ok_or_else(|| arg_type(what, "a Date"))?;
    ms_to_secs(ms).ok_or_else(|| arg_value(&alloc::format!("{what} is an invalid Date")))
}

/// `Date.now()` in whole seconds.
pub(crate) fn now_secs() -> Result<i64, JsValue> {
    ms_to_secs(date_now()).ok_or_else(|| arg_value("Date.now() is not a valid time"))
}

fn ms_to_secs(ms: f64) -> Option<i64> {
    f64_to_i64((ms / 1000.0).floor())
}

/// A finite whole `f64` within +-(2^53 - 1) as an `i64`.
pub(crate) fn f64_to_i64(x: f64) -> Option<i64> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    if x.is_finite() && x.fract() == 0.0 && (-MAX_SAFE..=MAX_SAFE).contains(&x) {
        // Exact: a whole number within +-2^53 fits an i64 without loss.
        #[allow(clippy::cast_possible_truncation)]
        Some(x as i64)
    } else {
        None
    }
}

/// Checked JSON text (a verified header or payload) as a JavaScript
/// value. Integer literals beyond +-(2^53 - 1) become `BigInt`s instead of
/// being rounded; everything else is exactly what `JSON.parse` makes (and
/// made by it, on the fast path taken when no such integer occurs).
pub(crate) fn json_to_js(text: &str) -> Result<JsValue, JsValue> {
    if may_hold_big_integer(text) && has_unsafe_integer(text) {
        build(text)
    } else {
        json_parse(text)
    }
}

/// A quick over-approximation: a run of 16 or more digits anywhere.
fn may_hold_big_integer(text: &str) -> bool {
    let mut run = 0usize;
    for b in text.bytes() {
        if b.is_ascii_digit() {
            run = run.saturating_add(1);
            if run >= 16 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Whether a JSON number literal is an integer beyond +-(2^53 - 1).
fn is_unsafe_integer(number: &str) -> bool {
    if number.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return false;
    }
    let digits = number.trim_start_matches('-');
    digits.len() > 16 || (digits.len() == 16 && digits > "9007199254740991")
}

/// Whether checked JSON holds an unsafe integer literal anywhere. Depth is
/// bounded by the engine's depth limit, checked before any of this runs.
fn has_unsafe_integer(raw: &str) -> bool {
    match kind(raw) {
        Kind::Number => is_unsafe_integer(raw),
        Kind::Object => Members::new(raw).any(|(_, v)| has_unsafe_integer(v)),
        Kind::Array => Elements::new(raw).is_some_and(|mut e| e.any(has_unsafe_integer)),
        Kind::String | Kind::Bool | Kind::Null => false,
    }
}

/// Builds the value of checked JSON member by member (the slow path).
fn build(raw: &str) -> Result<JsValue, JsValue> {
    match kind(raw) {
        Kind::Object => {
            let object = object();
            for (name, value) in Members::new(raw) {
                // defineProperty, not assignment: a member named
                // `__proto__` stays a plain member, as with JSON.parse.
                let descriptor = object_with_value(&build(value)?);
                reflect_define_property(&object, &JsValue::from_str(&name.to_cow()), &descriptor)?;
            }
            Ok(object)
        }
        Kind::Array => {
            let array = js_sys::Array::new();
            if let Some(elements) = Elements::new(raw) {
                for element in elements {
                    array.push(&build(element)?);
                }
            }
            Ok(array.into())
        }
        Kind::String => Ok(JsValue::from_str(
            &JsonStr::from_value(raw)
                .map(|s| s.to_cow())
                .unwrap_or_default(),
        )),
        Kind::Number if is_unsafe_integer(raw) => big_int(raw),
        Kind::Number | Kind::Bool | Kind::Null => json_parse(raw),
    }
}

fn object_with_value(value: &JsValue) -> JsValue {
    let d = object();
    set(&d, "value", value);
    set(&d, "writable", &JsValue::TRUE);
    set(&d, "enumerable", &JsValue::TRUE);
    set(&d, "configurable", &JsValue::TRUE);
    d
}

/// Parses JSON text the engine produced (a JWK, a JWK Set).
pub(crate) fn parse_engine_json(text: &str) -> Result<JsValue, JsValue> {
    json_parse(text)
}
