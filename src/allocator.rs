//! How the process takes memory from the kernel. The binary allocates with mimalloc
//! (`main.rs`); by default mimalloc hands freed memory back to the kernel
//! after a delay (a second in the bundled version), and later buffers then
//! fault in fresh pages that the kernel must zero, 2 MiB at a time under
//! transparent huge pages. With it off, kernel time in a BBC benchmark run
//! fell from 0.2-0.7 s to under 0.1 s (`/usr/bin/time`, `MIMALLOC_PURGE_DELAY=-1`
//! against the default, same binary). A batch
//! pipeline whose peak is its working set loses nothing by keeping freed
//! memory for reuse: peak memory stays the same, and the time goes.
//!
//! Transparent huge pages are turned off for the process for the same
//! reason: with the kernel's `defrag=madvise` (this machine's setting) a
//! fault in a huge-page region may stop to compact memory, and a 2 MiB page
//! is zeroed whole however little of it is used. Runs then took from 0.45 to
//! 0.95 s for the same aggregate; without huge pages the BBC benchmark's
//! tokenise and aggregate stages were both faster in each of four paired runs
//! (0.37-0.40 s against 0.45-0.57 s, 0.37-0.46 s against 0.49-0.52 s) and
//! peak memory lower.

/// mimalloc v3's `mi_option_purge_delay`, by its place in `mi_option_e`
/// (the Rust bindings name only the options that older versions share).
/// The test below pins it to the bundled mimalloc: there the option must
/// hold purge_delay's default, 1000 ms (`src/options.c` of mimalloc v3).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory for reuse instead of returning it to the kernel, and
/// asks for plain pages. Call once, first thing in `main`.
pub fn configure() {
    // SAFETY: mi_option_set stores one integer in mimalloc's option table;
    // an option index out of range is ignored with a warning, never undefined.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments and only sets a flag
    // on this process; failure (an old kernel) leaves huge pages on, which is
    // slower but correct, so its result is not checked.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_where_we_set_it() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return; // set from outside: its value says nothing about the index
        }
        // SAFETY: reads one integer from mimalloc's option table.
        let value = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(
            value, 1000,
            "mimalloc's option {PURGE_DELAY} is not purge_delay (1000 ms)"
        );
    }
}
