//! The boundary every entry point goes through: panics caught, pointers checked, errors handed
//! out.
//!
//! An entry point that can fail runs its body through [`guard`]. The body checks its pointers
//! first ([`arg_str`], [`arg_ref`], [`arg_mut`], [`Out::new`]), does its work, and writes its
//! out-parameters last, so that a failure leaves them untouched. The raw-pointer work of the
//! whole crate lives in this file and in the `_free` functions.

use std::any::Any;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::vmr_error;
use crate::result::vmr_result;

/// Why a body failed: an error of the core, or one of this layer.
pub(crate) enum Failure {
    Core(virtualmin_remote::Error),
    Usage {
        message: String,
        flag: Option<String>,
    },
}

impl From<virtualmin_remote::Error> for Failure {
    fn from(err: virtualmin_remote::Error) -> Self {
        Failure::Core(err)
    }
}

impl Failure {
    /// A usage error of this layer (NULL, bad UTF-8, index out of range).
    pub(crate) fn usage(message: impl Into<String>) -> Failure {
        Failure::Usage {
            message: message.into(),
            flag: None,
        }
    }
}

/// Runs `body` behind a panic boundary and turns its outcome into a result code.
///
/// On failure, when `error_out` is not NULL, a new `vmr_error` is stored there. Messages of this
/// layer are prefixed with `function`, so that a NULL argument says where it was passed.
pub(crate) fn guard(
    function: &str,
    error_out: *mut *mut vmr_error,
    body: impl FnOnce() -> Result<(), Failure>,
) -> vmr_result {
    let error = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return vmr_result::VMR_OK,
        Ok(Err(Failure::Core(err))) => vmr_error::from_core(&err),
        Ok(Err(Failure::Usage { message, flag })) => vmr_error::local(
            vmr_result::VMR_ERR_USAGE,
            &format!("{function}: {message}"),
            flag.as_deref(),
        ),
        Err(payload) => vmr_error::local(
            vmr_result::VMR_ERR_PANIC,
            &format!("{function}: internal error: {}", panic_text(&*payload)),
            None,
        ),
    };

    let code = error.code;
    if !error_out.is_null() {
        // SAFETY: not NULL, and the caller's contract is that a non-NULL `error_out` points to
        // storage for one pointer.
        unsafe { error_out.write(Box::into_raw(Box::new(error))) };
    }
    code
}

/// Runs an infallible body (an accessor, a `_free`) behind a panic boundary, giving `fallback`
/// if it panics.
pub(crate) fn catch<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

fn panic_text(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic")
}

/// Borrows a string argument.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives `'a` and is not written
/// meanwhile.
pub(crate) unsafe fn arg_str<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::usage(format!("{name} is NULL")));
    }
    // SAFETY: not NULL; NUL-terminated and alive for 'a by this function's contract.
    let text = unsafe { CStr::from_ptr(ptr) };
    text.to_str()
        .map_err(|_| Failure::usage(format!("{name} is not valid UTF-8")))
}

/// Borrows a handle argument.
///
/// # Safety
/// `ptr` is NULL or a live handle of type `T` made by this library, not used mutably elsewhere
/// during `'a`.
pub(crate) unsafe fn arg_ref<'a, T>(ptr: *const T, name: &str) -> Result<&'a T, Failure> {
    // SAFETY: by this function's contract a non-NULL pointer is a live, aligned T.
    unsafe { ptr.as_ref() }.ok_or_else(|| Failure::usage(format!("{name} is NULL")))
}

/// Borrows a handle argument for changing it.
///
/// # Safety
/// As [`arg_ref`], and no other reference to the handle is in use during `'a`.
pub(crate) unsafe fn arg_mut<'a, T>(ptr: *mut T, name: &str) -> Result<&'a mut T, Failure> {
    // SAFETY: by this function's contract a non-NULL pointer is a live, aligned, unshared T.
    unsafe { ptr.as_mut() }.ok_or_else(|| Failure::usage(format!("{name} is NULL")))
}

/// An out-parameter, checked for NULL up front and written at the end, on success only.
pub(crate) struct Out<T>(*mut T);

impl<T> Out<T> {
    /// Checks an out-parameter.
    ///
    /// # Safety
    /// `ptr` is NULL or valid for writing one `T` until the [`Out`] is written or dropped.
    pub(crate) unsafe fn new(ptr: *mut T, name: &str) -> Result<Out<T>, Failure> {
        if ptr.is_null() {
            return Err(Failure::usage(format!("{name} is NULL")));
        }
        Ok(Out(ptr))
    }

    /// Stores the value. Whatever was there is overwritten, not dropped: it is the caller's.
    pub(crate) fn write(self, value: T) {
        // SAFETY: checked non-NULL in `new`, valid for a write by `new`'s contract.
        unsafe { self.0.write(value) }
    }
}

impl<H> Out<*mut H> {
    /// Hands a new handle to the caller, who frees it with the handle's `_free`.
    pub(crate) fn write_handle(self, handle: H) {
        self.write(Box::into_raw(Box::new(handle)));
    }
}

/// Frees a handle made by [`Out::write_handle`]. NULL is a no-op.
///
/// # Safety
/// `ptr` is NULL or a handle of type `T` from this library that has not been freed.
pub(crate) unsafe fn free_box<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: by this function's contract it came from Box::into_raw and is freed once.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// A C copy of `text`. A NUL inside it (which a C string cannot hold) becomes U+FFFD.
pub(crate) fn c_string(text: &str) -> CString {
    CString::new(text).unwrap_or_else(|_| {
        let cleaned = text.replace('\0', "\u{FFFD}");
        CString::new(cleaned).expect("no NUL is left")
    })
}

/// The C form of a string that is there or not: a pointer into `text`, or NULL.
pub(crate) fn c_ptr_or_null(text: &Option<CString>) -> *const c_char {
    text.as_deref().map_or(std::ptr::null(), CStr::as_ptr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_body_becomes_vmr_err_panic_with_an_error_object() {
        let mut err: *mut vmr_error = std::ptr::null_mut();
        let code = guard("vmr_test", &mut err, || panic!("boom"));
        assert_eq!(code, vmr_result::VMR_ERR_PANIC);
        assert!(!err.is_null());
        assert_eq!(crate::error::vmr_error_code(err), vmr_result::VMR_ERR_PANIC);
        // SAFETY: the message is a NUL-terminated string owned by `err`, alive until it is freed.
        let message = unsafe { CStr::from_ptr(crate::error::vmr_error_message(err)) };
        assert_eq!(message.to_str().unwrap(), "vmr_test: internal error: boom");
        crate::error::vmr_error_free(err);
    }

    #[test]
    fn a_panic_without_error_out_still_returns_the_code() {
        let code = guard("vmr_test", std::ptr::null_mut(), || {
            panic!("{}", String::from("formatted"))
        });
        assert_eq!(code, vmr_result::VMR_ERR_PANIC);
    }

    #[test]
    fn a_null_out_parameter_is_a_usage_error_naming_it() {
        let mut err: *mut vmr_error = std::ptr::null_mut();
        let code = guard("vmr_test", &mut err, || {
            // SAFETY: NULL is allowed and checked.
            unsafe { Out::<u32>::new(std::ptr::null_mut(), "count_out") }?;
            Ok(())
        });
        assert_eq!(code, vmr_result::VMR_ERR_USAGE);
        // SAFETY: as above.
        let message = unsafe { CStr::from_ptr(crate::error::vmr_error_message(err)) };
        assert_eq!(message.to_str().unwrap(), "vmr_test: count_out is NULL");
        crate::error::vmr_error_free(err);
    }

    #[test]
    fn interior_nul_is_replaced_not_truncated() {
        assert_eq!(c_string("a\0b").to_str().unwrap(), "a\u{FFFD}b");
        assert_eq!(c_string("plain").to_str().unwrap(), "plain");
    }
}
