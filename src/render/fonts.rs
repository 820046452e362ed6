//! Fonts embedded in the binary, so a report looks the same on every machine
//! and nothing depends on what happens to be installed.
//!
//! Inter (SIL Open Font License, see `assets/fonts/LICENSE-Inter.txt`) sets the
//! report; Typst's own embedded fonts cover math and monospaced text.

use typst::foundations::Bytes;
use typst::text::Font;
use typst_kit::fonts::FontStore;

const INTER: [&[u8]; 4] = [
    include_bytes!("../../assets/fonts/Inter-Regular.otf"),
    include_bytes!("../../assets/fonts/Inter-Italic.otf"),
    include_bytes!("../../assets/fonts/Inter-SemiBold.otf"),
    include_bytes!("../../assets/fonts/Inter-Bold.otf"),
];

/// Every font a template can use, loaded lazily on first use.
pub fn store() -> FontStore {
    let mut store = FontStore::new();
    for data in INTER {
        store.extend(Font::iter(Bytes::new(data)).map(|font| {
            let info = font.info().clone();
            (font, info)
        }));
    }
    store.extend(typst_kit::fonts::embedded());
    store
}
