//! Progress bars per stage on a terminal; a silent stand-in otherwise, so
//! stage code reports progress the same way whether anyone watches or not.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Where stages report how far they are.
pub struct Progress {
    multi: Option<MultiProgress>,
}

impl Progress {
    /// Visible bars when `enabled`, else nothing at all.
    pub fn new(enabled: bool) -> Self {
        let multi = enabled.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        Self { multi }
    }

    /// A bar for `stage` counting `total` units (documents), or a hidden one.
    pub fn bar(&self, stage: &str, total: u64) -> ProgressBar {
        let Some(multi) = &self.multi else {
            return ProgressBar::hidden();
        };
        let bar = multi.add(ProgressBar::new(total));
        let style =
            ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} {msg} ({elapsed})")
                .expect("the progress template is valid")
                .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(stage.to_string());
        bar
    }

    /// Removes the bars before the summary prints.
    pub fn clear(&self) {
        if let Some(multi) = &self.multi {
            let _ = multi.clear();
        }
    }
}

impl Progress {
    /// A warning about one input, shown above the bars; silent for cron and --quiet.
    pub fn warn(&self, message: &str) {
        if let Some(multi) = &self.multi {
            let _ = multi.println(format!("warning: {message}"));
        }
    }
}
