//! The process's peak resident memory as the kernel counts it (Linux's
//! VmHWM, what `/usr/bin/time` reports as maximum resident set size), set
//! back at each stage's start so that the manifest can say how much memory
//! each stage took at its highest.

/// Sets the peak back to the memory resident now, so that the next reading
/// is the peak from here on; false where the system does not allow it (not
/// Linux, or Linux before 4.0).
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The peak resident memory in MiB since the process started or the peak
/// was last set back; None where the system does not tell.
pub fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn the_peak_follows_memory_touched_and_can_be_set_back() {
        assert!(reset_peak(), "Linux lets a process set its own peak back");
        let before = peak_mib().expect("Linux reports VmHWM");
        // 64 MiB touched page by page raise the peak by about as much.
        let mut block = vec![0u8; 64 << 20];
        for page in block.chunks_mut(4096) {
            page[0] = 1;
        }
        std::hint::black_box(&block);
        let raised = peak_mib().expect("VmHWM");
        assert!(raised >= before + 60.0, "peak {before} -> {raised} MiB");
        drop(block);
        assert!(reset_peak());
        let after = peak_mib().expect("VmHWM");
        assert!(after < raised, "set back: {raised} -> {after} MiB");
    }
}
