//! Embeds the dashboard when `web/dist` has been built; otherwise the server shows a page
//! explaining how to build it.
use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(harbinger_web_dist)");
    println!("cargo::rerun-if-changed=../../web/dist");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    if Path::new(&manifest)
        .join("../../web/dist/index.html")
        .exists()
    {
        println!("cargo::rustc-cfg=harbinger_web_dist");
    }
}
