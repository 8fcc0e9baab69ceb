//! Removing a folder without waiting for it.
//!
//! Deleting tens of thousands of files (a previous output, a preview's
//! folder with its visuals: gigabytes at ten thousand offers) can take
//! longer than the build that made them, and half a minute after a Ctrl+C.
//! The folder is first renamed to a name no build uses again (the original
//! name is free at once), then a detached `rm -rf`, in its own process
//! group so that a second Ctrl+C does not stop it, deletes it. Where
//! either step fails, the folder is removed here, waiting.

use std::path::Path;

/// Whether the caller waits for the `rm` to end, so that it leaves no
/// zombie process: a long-lived process (a preview) reaps it on a thread;
/// one about to exit leaves it to the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reap {
    OnThread,
    Never,
}

/// Removes `folder` through `trash` (a free name beside it, on the same
/// file system), without waiting where the system allows.
pub fn remove(folder: &Path, trash: &Path, reap: Reap) {
    if std::fs::rename(folder, trash).is_err() {
        let _ = std::fs::remove_dir_all(folder);
        return;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        use std::process::{Command, Stdio};
        let spawned = Command::new("rm")
            .arg("-rf")
            .arg("--")
            .arg(trash)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn();
        if let Ok(mut child) = spawned {
            if reap == Reap::OnThread {
                std::thread::spawn(move || child.wait());
            }
            return;
        }
    }
    let _ = std::fs::remove_dir_all(trash);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_is_gone_at_once_and_its_trash_soon_after() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("sortie");
        std::fs::create_dir_all(folder.join("a/b")).unwrap();
        std::fs::write(folder.join("a/b/page.html"), "x").unwrap();
        let trash = tmp.path().join(".sortie.kitpress-trash-1");
        remove(&folder, &trash, Reap::OnThread);
        assert!(!folder.exists());
        let start = std::time::Instant::now();
        while trash.exists() && start.elapsed() < std::time::Duration::from_secs(30) {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(!trash.exists());
    }

    #[test]
    fn a_trash_name_taken_by_a_file_still_removes_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("sortie");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("page.html"), "x").unwrap();
        // A non-empty folder under the trash name: the rename fails.
        let trash = tmp.path().join("pris");
        std::fs::create_dir_all(trash.join("dedans")).unwrap();
        remove(&folder, &trash, Reap::Never);
        assert!(!folder.exists());
        assert!(trash.join("dedans").exists(), "what was there stays");
    }
}
