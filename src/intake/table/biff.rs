//! Which cells of an old Excel workbook (`.xls`, BIFF8) are formatted as
//! percentages.
//!
//! The `.xlsx` reader gets this from `styles.xml`; an `.xls` file keeps the
//! same facts in binary records, which calamine reads but does not expose. A
//! percent-formatted cell stores 0.45 for `45%`, so without this the number
//! would be read a hundred times too small. The records read here are few:
//! FORMAT and XF (which styles are percentages), BOUNDSHEET (where each sheet
//! starts) and the number cells (NUMBER, RK, MULRK, FORMULA) with their style.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use super::styles::is_percent_format;

/// The workbook stream of a plan's `.xls` never comes near this.
const MAX_STREAM: u64 = 64 * 1024 * 1024;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const BOUNDSHEET: u16 = 0x0085;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;

/// Built-in number formats 9 (`0%`) and 10 (`0.00%`).
const BUILTIN_PERCENT: [u16; 2] = [9, 10];

/// Checks the sizes a compound file's header and first directory sector
/// declare against the file's own length, before calamine reads it:
/// calamine reserves memory for what they declare, and a mutated `.xls`
/// declaring half a terabyte aborted the process. No real part of a file is
/// larger than the file.
pub fn check_compound_file(bytes: &[u8]) -> Result<(), crate::intake::Unreadable> {
    let u16_at = |at: usize| {
        bytes
            .get(at..at + 2)
            .and_then(|b| b.try_into().ok())
            .map(u16::from_le_bytes)
    };
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
    };
    let u64_at = |at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|b| b.try_into().ok())
            .map(u64::from_le_bytes)
    };
    let broken = || "the file's compound-file header is damaged".to_string();
    let len = bytes.len() as u64;
    let sector: u64 = match u16_at(0x1E).ok_or_else(broken)? {
        9 => 512,
        12 => 4096,
        _ => return Err(broken().into()),
    };
    // Directory, FAT and mini-FAT sector counts.
    for at in [0x28, 0x2C, 0x40] {
        let count = u64::from(u32_at(at).ok_or_else(broken)?);
        if count.saturating_mul(sector) > len {
            return Err(format!(
                "its header declares {count} sectors of {sector} bytes in a file of {len} bytes: the file is damaged"
            ).into());
        }
    }
    // The first directory sector: the root entry (the mini stream) and the
    // streams beside it, each with its declared size.
    let first = u64::from(u32_at(0x30).ok_or_else(broken)?);
    if first < 0xFFFF_FFFA {
        let start = (first + 1).saturating_mul(sector);
        for entry in 0..sector / 128 {
            let Ok(at) = usize::try_from(start + entry * 128) else {
                break;
            };
            let Some(size) = u64_at(at + 0x78) else {
                break;
            };
            // Version 3 files keep only the low 32 bits of a size.
            let size = if sector == 512 {
                size & 0xFFFF_FFFF
            } else {
                size
            };
            if size > len {
                return Err(format!(
                    "a stream declares {size} bytes in a file of {len} bytes: the file is damaged"
                )
                .into());
            }
        }
    }
    Ok(())
}

/// For each sheet name, the (0-based row, 0-based column) of every number
/// cell formatted as a percentage; an error in words when the file cannot be
/// read that far (then the caller refuses the file rather than guess).
pub fn percent_cells(
    bytes: &[u8],
) -> Result<BTreeMap<String, BTreeSet<(u32, u32)>>, crate::intake::Unreadable> {
    let stream = workbook_stream(bytes)?;
    let records = Records::new(&stream);

    let mut custom: BTreeMap<u16, bool> = BTreeMap::new();
    let mut xf_formats: Vec<u16> = Vec::new();
    let mut sheets: Vec<(u32, String)> = Vec::new();
    for (kind, data) in records {
        match kind {
            FILEPASS => {
                return Err("the workbook is protected with a password".into());
            }
            FORMAT => {
                let id = u16_at(data, 0)?;
                let code = unicode_string(data.get(2..).unwrap_or_default(), true)?;
                custom.insert(id, is_percent_format(&code));
            }
            XF => xf_formats.push(u16_at(data, 2)?),
            BOUNDSHEET => {
                let offset = u32_at(data, 0)?;
                let name = unicode_string(data.get(6..).unwrap_or_default(), false)?;
                sheets.push((offset, name));
            }
            EOF => break,
            _ => {}
        }
    }
    let percent_xf: Vec<bool> = xf_formats
        .iter()
        .map(|f| {
            custom
                .get(f)
                .copied()
                .unwrap_or(BUILTIN_PERCENT.contains(f))
        })
        .collect();
    let is_percent = |xf: u16| percent_xf.get(xf as usize).copied().unwrap_or(false);

    let mut result = BTreeMap::new();
    for (offset, name) in sheets {
        let mut cells = BTreeSet::new();
        let start = stream
            .get(offset as usize..)
            .ok_or_else(|| format!("sheet `{name}` lies outside the file"))?;
        for (index, (kind, data)) in Records::new(start).enumerate() {
            match kind {
                BOF if index == 0 => {}
                BOF => return Err(format!("sheet `{name}` is not closed").into()),
                EOF => break,
                NUMBER | RK | FORMULA => {
                    let (row, column, xf) = (u16_at(data, 0)?, u16_at(data, 2)?, u16_at(data, 4)?);
                    if is_percent(xf) {
                        cells.insert((u32::from(row), u32::from(column)));
                    }
                }
                MULRK => {
                    let row = u16_at(data, 0)?;
                    let first = u16_at(data, 2)?;
                    let body = data
                        .get(4..data.len().saturating_sub(2))
                        .unwrap_or_default();
                    for (i, entry) in body.chunks_exact(6).enumerate() {
                        let xf = u16_at(entry, 0)?;
                        if is_percent(xf) {
                            let column = u32::from(first).saturating_add(i as u32);
                            cells.insert((u32::from(row), column));
                        }
                    }
                }
                _ => {}
            }
        }
        result.insert(name, cells);
    }
    Ok(result)
}

/// The `Workbook` (or, from Excel 95, `Book`) stream of the compound file.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or("the file holds no workbook")?;
    let stream = file.open_stream(name).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    stream
        .take(MAX_STREAM + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_STREAM {
        return Err(format!("the workbook is larger than {MAX_STREAM} bytes"));
    }
    Ok(bytes)
}

/// BIFF records: a type, a length and that many bytes; a truncated record
/// ends the walk.
struct Records<'a> {
    rest: &'a [u8],
}

impl<'a> Records<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { rest: bytes }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let kind = u16::from_le_bytes([*self.rest.first()?, *self.rest.get(1)?]);
        let len = u16::from_le_bytes([*self.rest.get(2)?, *self.rest.get(3)?]) as usize;
        let data = self.rest.get(4..4 + len)?;
        self.rest = self.rest.get(4 + len..)?;
        Some((kind, data))
    }
}

fn u16_at(data: &[u8], at: usize) -> Result<u16, String> {
    match data.get(at..at + 2) {
        Some([a, b]) => Ok(u16::from_le_bytes([*a, *b])),
        _ => Err("a record is shorter than its kind requires".into()),
    }
}

fn u32_at(data: &[u8], at: usize) -> Result<u32, String> {
    match data.get(at..at + 4) {
        Some([a, b, c, d]) => Ok(u32::from_le_bytes([*a, *b, *c, *d])),
        _ => Err("a record is shorter than its kind requires".into()),
    }
}

/// An XLUnicodeString (16-bit length, `long`) or a ShortXLUnicodeString
/// (8-bit length): a flag byte says whether characters take one byte or two.
fn unicode_string(data: &[u8], long: bool) -> Result<String, String> {
    let (len, rest) = if long {
        (u16_at(data, 0)? as usize, data.get(2..))
    } else {
        (data.first().map_or(0, |l| *l as usize), data.get(1..))
    };
    let rest = rest.ok_or("a text in the workbook is cut short")?;
    let (flags, chars) = rest
        .split_first()
        .ok_or("a text in the workbook is cut short")?;
    if flags & 1 == 0 {
        // Latin-1, one byte per character.
        let bytes = chars
            .get(..len)
            .ok_or("a text in the workbook is cut short")?;
        Ok(bytes.iter().map(|b| char::from(*b)).collect())
    } else {
        let bytes = chars
            .get(..len * 2)
            .ok_or("a text in the workbook is cut short")?;
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|p| match p {
                [a, b] => u16::from_le_bytes([*a, *b]),
                _ => 0,
            })
            .collect();
        Ok(String::from_utf16_lossy(&units))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_of_both_widths() {
        assert_eq!(
            unicode_string(&[3, 0, 0, b'0', b'.', b'%'], true).unwrap(),
            "0.%"
        );
        assert_eq!(
            unicode_string(&[2, 1, b'A', 0, 0x20, 0x20], false).unwrap(),
            "A\u{2020}"
        );
        assert!(unicode_string(&[9, 0, b'A'], false).is_err());
    }

    #[test]
    fn records_stop_at_a_truncated_one() {
        let bytes = [0x0A, 0x00, 0x00, 0x00, 0x85, 0x00, 0x10, 0x00, 1];
        let kinds: Vec<u16> = Records::new(&bytes).map(|(k, _)| k).collect();
        assert_eq!(kinds, vec![EOF]);
    }

    #[test]
    fn not_a_compound_file_is_an_error_not_a_panic() {
        assert!(percent_cells(b"PK\x03\x04 not an xls").is_err());
    }
}
