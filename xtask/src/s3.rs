//! A throw-away S3-compatible server on loopback (`s3s-fs`, an S3 server
//! over a directory), with one bucket, for the backend's third test lane;
//! stopped and removed when dropped.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::Fail;

/// The bucket the tests use.
pub const BUCKET: &str = "ruqsat-test";
/// Its access key.
pub const ACCESS_KEY: &str = "ruqsat-test";
/// Its secret.
pub const SECRET_KEY: &str = "ruqsat-test-secret";

/// A running server.
pub struct TempS3 {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl TempS3 {
    /// Starts the server over a new directory with the bucket; waits until
    /// it accepts connections.
    pub fn start(bin: &Path) -> Result<TempS3, Fail> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| Fail(format!("no free port for the S3 server: {e}")))?
            .port();
        let dir = std::env::temp_dir().join(format!("ruqsat-s3-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        // A bucket is a directory of the server's root.
        std::fs::create_dir_all(dir.join(BUCKET)).map_err(|e| Fail(format!("create {}: {e}", dir.display())))?;
        let child = Command::new(bin)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Fail(format!("start {}: {e}", bin.display())))?;
        let s3 = TempS3 { child, dir, port };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(20) {
                return Err(Fail(format!("the S3 server did not listen on {port} within 20 s")));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        println!("xtask: the S3-compatible server is running on 127.0.0.1:{port}");
        Ok(s3)
    }

    /// Its address.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for TempS3 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
