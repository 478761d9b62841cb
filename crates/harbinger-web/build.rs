//! Embeds the dashboard when `web/dist` has been built; otherwise the server shows a page
//! explaining how to build it.
//!
//! Cargo reruns a build script whose watched path is missing on every command, so only paths
//! that exist are watched: `web/dist/index.html` once built (every dashboard build rewrites it
//! with the new asset names), else the `web` folder, where a new `dist` would appear.
use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(harbinger_web_dist)");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let index = Path::new(&manifest).join("../../web/dist/index.html");
    if index.exists() {
        println!("cargo::rerun-if-changed=../../web/dist/index.html");
        println!("cargo::rustc-cfg=harbinger_web_dist");
    } else {
        println!("cargo::rerun-if-changed=../../web");
    }
}
