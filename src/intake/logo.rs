//! The organisation's logo, named in `framework.toml` (`[plan] logo`) and
//! shown on the cover and in the running header.
//!
//! Checked here, when the inputs are read, with the decoders the report is
//! drawn with, so a logo that cannot be drawn is an error naming the file
//! instead of a failed render; an SVG that would fetch another file, or a
//! picture of absurd size, is refused before any report is made.

use std::path::Path;

use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, RasterImage};

use crate::diagnostics::Diagnostic;

/// A logo is a small file; a larger one is refused unread.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// The most pixels a PNG logo may have on either side.
const MAX_SIDE: u32 = 4096;

/// Whether `bytes` is a logo a report can show: a PNG or an SVG that
/// needs no other file. The error names `path`.
pub fn check(bytes: &[u8], name: &str, path: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: String| {
        Diagnostic::error(path, why)
            .field("logo")
            .hint("give an SVG (best: it stays sharp) or a PNG of at most 4096 × 4096 pixels")
    };
    if bytes.len() > MAX_BYTES {
        return Err(refuse(format!(
            "the logo holds {} bytes, more than a logo can ({} MiB)",
            bytes.len(),
            MAX_BYTES / 1024 / 1024
        )));
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "png" => {
            const MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
            // The IHDR chunk comes first: width and height at bytes 16..24.
            let side = |at: usize| {
                bytes
                    .get(at..at + 4)
                    .and_then(|b| b.try_into().ok())
                    .map(u32::from_be_bytes)
            };
            let (Some(width), Some(height)) = (side(16), side(20)) else {
                return Err(refuse("the file is not a PNG picture".into()));
            };
            if !bytes.starts_with(MAGIC) || bytes.get(12..16) != Some(b"IHDR") {
                return Err(refuse("the file is not a PNG picture".into()));
            }
            if width > MAX_SIDE || height > MAX_SIDE || width == 0 || height == 0 {
                return Err(refuse(format!(
                    "the picture is {width} × {height} pixels; a logo needs at most {MAX_SIDE} on either side"
                )));
            }
            RasterImage::plain(Bytes::new(bytes.to_vec()), ExchangeFormat::Png)
                .map(|_| ())
                .map_err(|err| refuse(format!("the PNG cannot be read: {err}")))
        }
        "svg" => {
            // Any reference to another file (or address) is recorded and
            // refused: a report draws only what it carries.
            let linked = std::sync::Mutex::new(None::<String>);
            let options = usvg::Options {
                image_href_resolver: usvg::ImageHrefResolver {
                    resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
                    resolve_string: Box::new(|href, _| {
                        if let Ok(mut first) = linked.lock() {
                            first.get_or_insert_with(|| href.to_string());
                        }
                        None
                    }),
                },
                ..usvg::Options::default()
            };
            let tree = usvg::Tree::from_data(bytes, &options)
                .map_err(|err| refuse(format!("the SVG cannot be read: {err}")));
            drop(options);
            tree?;
            match linked.into_inner().ok().flatten() {
                Some(href) => Err(refuse(format!(
                    "the SVG refers to another file (`{href}`): a logo must hold all it draws"
                ))),
                None => Ok(()),
            }
        }
        _ => Err(refuse(format!("`{name}` is neither an SVG nor a PNG file"))),
    }
}
