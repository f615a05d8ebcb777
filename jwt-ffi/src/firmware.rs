//! Firmware builds (`no_std`, feature `firmware`): the heap is the
//! firmware's `malloc`/`free`/`realloc`, and a panic (which the code never
//! reaches by construction; running out of memory is the one way in) ends
//! in the firmware's `jwt_platform_abort`.
//!
//! Design note: C's allocator, not a Rust one, so the firmware keeps one
//! heap and one set of statistics, and a test can count bytes by wrapping
//! `malloc` at link time. `malloc` aligns to 8 bytes on the Cortex-M
//! newlib; larger alignments are served by over-allocating.

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;

unsafe extern "C" {
    fn malloc(size: usize) -> *mut c_void;
    fn free(ptr: *mut c_void);
    fn realloc(ptr: *mut c_void, size: usize) -> *mut c_void;
    /// Provided by the firmware: log if it can, then reset or halt. Must
    /// not return.
    fn jwt_platform_abort() -> !;
}

/// What `malloc` guarantees on the targets we build for.
const MALLOC_ALIGN: usize = 8;

struct FirmwareAlloc;

// SAFETY: every block comes from the firmware's malloc family and goes
// back to `free` with the same pointer `malloc`/`realloc` returned; for
// alignments over 8 the original pointer is stored just before the
// aligned block and recovered on free.
unsafe impl GlobalAlloc for FirmwareAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= MALLOC_ALIGN {
            // SAFETY: plain C malloc.
            return unsafe { malloc(layout.size()) }.cast();
        }
        let Some(total) = layout
            .size()
            .checked_add(layout.align())
            .and_then(|t| t.checked_add(core::mem::size_of::<usize>()))
        else {
            return core::ptr::null_mut();
        };
        // SAFETY: plain C malloc.
        let raw = unsafe { malloc(total) }.cast::<u8>();
        if raw.is_null() {
            return raw;
        }
        // SAFETY: `raw + size_of::<usize>()` is inside the block of
        // `total` bytes; aligning up stays within `align` more bytes, and
        // `size` bytes follow it inside the block. The stored pointer sits
        // in the `usize` just before the aligned block, which is within
        // the block because we skipped at least that much.
        unsafe {
            let start = raw.add(core::mem::size_of::<usize>());
            let aligned = start.add(start.align_offset(layout.align()));
            aligned.cast::<*mut u8>().sub(1).write_unaligned(raw);
            aligned
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.align() <= MALLOC_ALIGN {
            // SAFETY: `ptr` came from malloc/realloc with this layout.
            unsafe { free(ptr.cast()) };
        } else {
            // SAFETY: `alloc` stored the original pointer just before.
            unsafe { free(ptr.cast::<*mut u8>().sub(1).read_unaligned().cast()) };
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= MALLOC_ALIGN {
            // SAFETY: `ptr` came from malloc/realloc with this alignment.
            return unsafe { realloc(ptr.cast(), new_size) }.cast();
        }
        // SAFETY: the default strategy: allocate, copy, free.
        unsafe {
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            let new = self.alloc(new_layout);
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

#[global_allocator]
static ALLOCATOR: FirmwareAlloc = FirmwareAlloc;

#[panic_handler]
fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
    // SAFETY: the firmware provides this hook, which never returns.
    unsafe { jwt_platform_abort() }
}
