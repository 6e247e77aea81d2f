//! The integration tests: each runs the real `parallax` binary in a temporary
//! folder holding a copy of the seeds and the pipeline file, as a user would.

mod harness {
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};

    /// A temporary project folder with seeds/ and pipelines/ copied in.
    pub struct Project {
        pub dir: tempfile::TempDir,
    }

    impl Project {
        pub fn new() -> Self {
            let dir = tempfile::tempdir().expect("a temp dir");
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            for folder in ["seeds", "pipelines"] {
                std::fs::create_dir_all(dir.path().join(folder)).expect("mkdir");
                for entry in std::fs::read_dir(root.join(folder)).expect("repo folder") {
                    let path = entry.expect("entry").path();
                    std::fs::copy(
                        &path,
                        dir.path()
                            .join(folder)
                            .join(path.file_name().expect("name")),
                    )
                    .expect("copy");
                }
            }
            Self { dir }
        }

        pub fn path(&self, relative: &str) -> PathBuf {
            self.dir.path().join(relative)
        }

        pub fn write(&self, relative: &str, bytes: &[u8]) -> PathBuf {
            let path = self.path(relative);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, bytes).expect("write");
            path
        }

        /// Runs parallax with `args` in the project folder.
        pub fn run(&self, args: &[&str]) -> Output {
            Command::new(env!("CARGO_BIN_EXE_parallax"))
                .args(args)
                .current_dir(self.dir.path())
                .output()
                .expect("the binary runs")
        }

        /// Runs parallax and asserts success.
        pub fn ok(&self, args: &[&str]) -> Output {
            let output = self.run(args);
            assert!(
                output.status.success(),
                "parallax {args:?} failed: {}\n{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            );
            output
        }

        /// The rows of an output CSV as maps from column to value.
        pub fn csv(
            &self,
            output: &str,
            table: &str,
        ) -> Vec<std::collections::BTreeMap<String, String>> {
            let path = self.path(output).join(format!("{table}.csv"));
            let mut reader =
                csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            let headers = reader.headers().expect("header").clone();
            reader
                .records()
                .map(|record| {
                    let record = record.expect("a csv record");
                    headers
                        .iter()
                        .zip(record.iter())
                        .map(|(h, v)| (h.to_string(), v.to_string()))
                        .collect()
                })
                .collect()
        }

        /// Every file of an output folder with its bytes, for comparing runs.
        pub fn snapshot(&self, output: &str) -> Vec<(String, Vec<u8>)> {
            let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(self.path(output))
                .expect("output exists")
                .map(|entry| {
                    let path = entry.expect("entry").path();
                    (
                        path.file_name()
                            .expect("name")
                            .to_string_lossy()
                            .into_owned(),
                        std::fs::read(&path).expect("read"),
                    )
                })
                .collect();
            files.sort();
            files
        }
    }

    pub fn stderr(output: &Output) -> String {
        String::from_utf8_lossy(&output.stderr).into_owned()
    }
}

mod gold;
mod pipeline;
mod word_stats;
