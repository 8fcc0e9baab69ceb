//! What kitpress says about the run itself on the standard error stream,
//! at the bottom of the stack so that any stage may speak: notices (waiting
//! for a lock, a folder put back, a cache not used) and the developer's
//! stage timings ([`Profile`]). Diagnostics of the content and the closing
//! summary are drawn by [`crate::report`], at the top.

use std::cell::Cell;
use std::time::Instant;

/// A message about the run itself, printed at once on stderr; what comes
/// from the content is shown with its control characters escaped.
pub fn notice(message: &str) {
    eprintln!("kitpress : {}", crate::escape::terminal(message));
}

/// Time spent per stage, printed on stderr when `KITPRESS_PROFIL` is set
/// (a developer's aid: where a build's time goes).
pub struct Profile {
    last: Option<Cell<Instant>>,
}

impl Profile {
    pub fn from_env() -> Profile {
        Profile {
            last: std::env::var_os("KITPRESS_PROFIL").map(|_| Cell::new(Instant::now())),
        }
    }

    pub fn enabled(&self) -> bool {
        self.last.is_some()
    }

    /// The time since the previous stage (or the start), under `name`.
    pub fn stage(&self, name: &str) {
        if let Some(last) = &self.last {
            let now = Instant::now();
            eprintln!("profil : {name} {:.3} s", (now - last.get()).as_secs_f64());
            last.set(now);
        }
    }
}
