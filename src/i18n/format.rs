//! How each report language writes numbers, money and dates.
//!
//! Typst does not localize month names or number formats, and auditors compare
//! the printed figures with their own, so formatting is done here, once, and
//! the template receives finished strings next to the raw numbers.

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::core::Lang;

/// Separators and symbol placement for one language.
pub(super) struct NumberFormat {
    pub(super) thousands: &'static str,
    pub(super) decimal: &'static str,
    /// Written between a number and `%`.
    pub(super) percent_gap: &'static str,
}

pub(super) fn number_format(lang: Lang) -> NumberFormat {
    match lang {
        Lang::Nl => NumberFormat {
            thousands: ".",
            decimal: ",",
            percent_gap: "",
        },
        Lang::De => NumberFormat {
            thousands: ".",
            decimal: ",",
            percent_gap: "\u{a0}",
        },
        // French uses a narrow no-break space for thousands and before `%`.
        Lang::Fr => NumberFormat {
            thousands: "\u{202f}",
            decimal: ",",
            percent_gap: "\u{202f}",
        },
        Lang::En => NumberFormat {
            thousands: ",",
            decimal: ".",
            percent_gap: "",
        },
    }
}

/// Rounds half away from zero, as a reader re-performing the sum by hand
/// (or with Excel's ROUND) would.
pub fn round(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// `1234.5` → `1.234,5` (nl), `1 234,5` (fr), `1,234.5` (en), with exactly
/// `decimals` digits after the separator.
pub fn number(value: Decimal, decimals: u32, lang: Lang) -> String {
    let f = number_format(lang);
    let rounded = round(value, decimals);
    let text = format!("{:.*}", decimals as usize, rounded.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push_str(f.thousands);
        }
        grouped.push(digit);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{}{fraction}", f.decimal)
    }
}

/// A percentage with one decimal: `52,3%` (nl), `52,3 %` (fr), `52.3%` (en).
pub fn percent(value: Decimal, lang: Lang) -> String {
    format!(
        "{}{}%",
        number(value, 1, lang),
        number_format(lang).percent_gap
    )
}

/// Euro amounts without cents: `€ 1.234.567` (nl), `1 234 567 €` (fr),
/// `€1,234,567` (en).
pub fn money(value: Decimal, lang: Lang) -> String {
    let amount = number(value, 0, lang);
    match lang {
        Lang::Nl => format!("€\u{a0}{amount}"),
        Lang::Fr | Lang::De => format!("{amount}\u{a0}€"),
        Lang::En => format!("€{amount}"),
    }
}

/// Euro amounts short enough for a tile or a chart label at any size:
/// below a million the whole amount, then millions and billions with two
/// decimals: `€ 2,14 mld` (nl), `2,14 Md €` (fr), `2,14 Mrd. €` (de),
/// `€2.14 bn` (en). A trillion stays in billions (`€ 1.000 mld`), which
/// still fits.
pub fn money_short(value: Decimal, lang: Lang) -> String {
    const MILLION: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
    const THOUSAND: Decimal = Decimal::from_parts(1_000, 0, 0, false, 0);
    // Rounded as every figure is (half away from zero), and judged after
    // rounding: 999.999,5 is written € 1,00 mln, not € 1.000.000.
    if round(value, 0).abs() < MILLION {
        return money(value, lang);
    }
    let millions = round(value / MILLION, 2);
    let (amount, billions) = if millions.abs() >= THOUSAND {
        (round(value / MILLION / THOUSAND, 2), true)
    } else {
        (millions, false)
    };
    let number = number(amount, 2, lang);
    let unit = match (lang, billions) {
        (Lang::Nl, false) => "mln",
        (Lang::Nl, true) => "mld",
        (Lang::Fr, false) => "M",
        (Lang::Fr, true) => "Md",
        (Lang::De, false) => "Mio.",
        (Lang::De, true) => "Mrd.",
        (Lang::En, false) => "m",
        (Lang::En, true) => "bn",
    };
    match lang {
        Lang::Nl => format!("€\u{a0}{number}\u{a0}{unit}"),
        Lang::Fr | Lang::De => format!("{number}\u{a0}{unit}\u{a0}€"),
        Lang::En => format!("€{number}\u{a0}{unit}"),
    }
}

/// The row of `lang` in per-language tables (nl, fr, de, en).
pub(super) fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Nl => 0,
        Lang::Fr => 1,
        Lang::De => 2,
        Lang::En => 3,
    }
}

const MONTHS: [[&str; 12]; 4] = [
    [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
];

/// `31 maart 2023`, `31 mars 2023`, `31. März 2023`, `31 March 2023`
/// (and `1er mars` in French).
pub fn date(value: NaiveDate, lang: Lang) -> String {
    let month = MONTHS
        .get(lang_index(lang))
        .and_then(|months| months.get(value.month0() as usize))
        .copied()
        .unwrap_or_default();
    let day = value.day();
    match lang {
        Lang::Fr if day == 1 => format!("1er {month} {}", value.year()),
        Lang::De => format!("{day}. {month} {}", value.year()),
        _ => format!("{day} {month} {}", value.year()),
    }
}

/// A compact date for table cells: `31-03-2023` (nl), `31/03/2023` (fr),
/// `31.03.2023` (de), `31 Mar 2023` (en).
pub fn short_date(value: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Nl => value.format("%d-%m-%Y").to_string(),
        Lang::Fr => value.format("%d/%m/%Y").to_string(),
        Lang::De => value.format("%d.%m.%Y").to_string(),
        Lang::En => value.format("%-d %b %Y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    #[test]
    fn numbers_per_language() {
        assert_eq!(number(d("1234.5"), 1, Lang::Nl), "1.234,5");
        assert_eq!(number(d("1234.5"), 1, Lang::Fr), "1\u{202f}234,5");
        assert_eq!(number(d("1234.5"), 1, Lang::En), "1,234.5");
        assert_eq!(number(d("1234567.891"), 2, Lang::De), "1.234.567,89");
        assert_eq!(number(d("-0.04"), 1, Lang::Nl), "0,0");
        assert_eq!(number(d("999.95"), 1, Lang::Nl), "1.000,0");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round(d("52.25"), 1), d("52.3"));
        assert_eq!(round(d("52.35"), 1), d("52.4"));
        assert_eq!(round(d("-1.25"), 1), d("-1.3"));
    }

    #[test]
    fn percent_and_money() {
        assert_eq!(percent(d("12.5"), Lang::Nl), "12,5%");
        assert_eq!(percent(d("12.5"), Lang::Fr), "12,5\u{202f}%");
        assert_eq!(money(d("1234567"), Lang::Nl), "€\u{a0}1.234.567");
        assert_eq!(
            money(d("1234567.4"), Lang::Fr),
            "1\u{202f}234\u{202f}567\u{a0}€"
        );
        assert_eq!(money(d("1234567"), Lang::En), "€1,234,567");
    }

    #[test]
    fn short_money_fits_a_tile_up_to_a_trillion() {
        assert_eq!(money_short(d("950000"), Lang::Nl), "€\u{a0}950.000");
        assert_eq!(money_short(d("2140000"), Lang::Nl), "€\u{a0}2,14\u{a0}mln");
        assert_eq!(
            money_short(d("2140000000"), Lang::Nl),
            "€\u{a0}2,14\u{a0}mld"
        );
        assert_eq!(
            money_short(d("2140000000"), Lang::Fr),
            "2,14\u{a0}Md\u{a0}€"
        );
        assert_eq!(
            money_short(d("2140000000"), Lang::De),
            "2,14\u{a0}Mrd.\u{a0}€"
        );
        assert_eq!(money_short(d("2140000000"), Lang::En), "€2.14\u{a0}bn");
        // 999.996 million rounds to a thousand millions: written as billions.
        assert_eq!(money_short(d("999996000"), Lang::En), "€1.00\u{a0}bn");
        assert_eq!(
            money_short(d("1000000000000"), Lang::Nl),
            "€\u{a0}1.000,00\u{a0}mld"
        );
        assert_eq!(money_short(d("-3500000"), Lang::En), "€-3.50\u{a0}m");
        // Half away from zero, like every other figure.
        assert_eq!(money_short(d("2145000"), Lang::En), "€2.15\u{a0}m");
        assert_eq!(money_short(d("999999.5"), Lang::En), "€1.00\u{a0}m");
    }

    #[test]
    fn dates_per_language() {
        let day = NaiveDate::from_ymd_opt(2023, 3, 31).expect("date");
        assert_eq!(date(day, Lang::Nl), "31 maart 2023");
        assert_eq!(date(day, Lang::Fr), "31 mars 2023");
        assert_eq!(date(day, Lang::En), "31 March 2023");
        assert_eq!(date(day, Lang::De), "31. März 2023");
        let first = NaiveDate::from_ymd_opt(2022, 5, 1).expect("date");
        assert_eq!(date(first, Lang::Fr), "1er mai 2022");
    }
}
