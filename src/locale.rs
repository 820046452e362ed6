//! How each report language writes numbers, money, dates, and the report's
//! fixed wording.
//!
//! Typst does not localize month names or number formats, and auditors compare
//! the printed figures with their own, so formatting is done here, once, and
//! the template receives finished strings next to the raw numbers.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::framework::Lang;
use crate::progress::{Direction, Status};

/// Separators and symbol placement for one language.
struct NumberFormat {
    thousands: &'static str,
    decimal: &'static str,
    /// Written between a number and `%`.
    percent_gap: &'static str,
}

fn number_format(lang: Lang) -> NumberFormat {
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
    let month = MONTHS[lang_index(lang)][value.month0() as usize];
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

pub fn status(status: Status, lang: Lang) -> &'static str {
    use Status::*;
    match (lang, status) {
        (Lang::Nl, NotStarted) => "Niet gestart",
        (Lang::Nl, OnTrack) => "Op schema",
        (Lang::Nl, AtRisk) => "Risico",
        (Lang::Nl, Delayed) => "Vertraagd",
        (Lang::Nl, Completed) => "Afgerond",
        (Lang::Nl, Cancelled) => "Geannuleerd",
        (Lang::Fr, NotStarted) => "Pas commencé",
        (Lang::Fr, OnTrack) => "En cours",
        (Lang::Fr, AtRisk) => "À risque",
        (Lang::Fr, Delayed) => "En retard",
        (Lang::Fr, Completed) => "Terminé",
        (Lang::Fr, Cancelled) => "Annulé",
        (Lang::De, NotStarted) => "Nicht begonnen",
        (Lang::De, OnTrack) => "Im Plan",
        (Lang::De, AtRisk) => "Gefährdet",
        (Lang::De, Delayed) => "Verzögert",
        (Lang::De, Completed) => "Abgeschlossen",
        (Lang::De, Cancelled) => "Abgebrochen",
        (Lang::En, NotStarted) => "Not started",
        (Lang::En, OnTrack) => "On track",
        (Lang::En, AtRisk) => "At risk",
        (Lang::En, Delayed) => "Delayed",
        (Lang::En, Completed) => "Completed",
        (Lang::En, Cancelled) => "Cancelled",
    }
}

/// The word for a RAG code, so status is never shown by colour alone.
pub fn rag(code: &str, lang: Lang) -> &'static str {
    let words = match code {
        "green" => ["Groen", "Vert", "Grün", "Green"],
        "amber" => ["Oranje", "Orange", "Gelb", "Amber"],
        _ => ["Rood", "Rouge", "Rot", "Red"],
    };
    words[lang_index(lang)]
}

pub fn standing(standing: crate::signoff::Standing, lang: Lang) -> &'static str {
    use crate::signoff::Standing;
    let words = match standing {
        Standing::Valid => ["Goedgekeurd", "Approuvé", "Freigegeben", "Approved"],
        Standing::Stale => [
            "Verouderd: goedgekeurd voor andere gegevens",
            "Périmée : approuvé pour d'autres données",
            "Veraltet: für andere Daten freigegeben",
            "Stale: approved for other data",
        ],
        Standing::Missing => [
            "Nog niet goedgekeurd",
            "Pas encore approuvé",
            "Noch nicht freigegeben",
            "Not yet approved",
        ],
    };
    words[lang_index(lang)]
}

pub fn direction(direction: Direction, lang: Lang) -> &'static str {
    let words = match direction {
        Direction::Higher => [
            "hoger is beter",
            "plus élevé = mieux",
            "höher ist besser",
            "higher is better",
        ],
        Direction::Lower => [
            "lager is beter",
            "plus bas = mieux",
            "niedriger ist besser",
            "lower is better",
        ],
    };
    words[lang_index(lang)]
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Nl => 0,
        Lang::Fr => 1,
        Lang::De => 2,
        Lang::En => 3,
    }
}

/// A data-quality finding in the report's language.
pub fn finding(finding: &crate::diagnostics::Finding, lang: Lang) -> String {
    use crate::diagnostics::Finding::*;
    let pct = |p: &Decimal| {
        format!(
            "{}{}%",
            number(*p, p.normalize().scale().min(1), lang),
            number_format(lang).percent_gap
        )
    };
    let eur = |a: &Decimal| money(*a, lang);
    let day = |d: &NaiveDate| short_date(*d, lang);
    let language = |l: &Lang| match (lang, l) {
        (Lang::Nl, Lang::Nl) => "het Nederlands",
        (Lang::Nl, Lang::Fr) => "het Frans",
        (Lang::Nl, Lang::De) => "het Duits",
        (Lang::Nl, Lang::En) => "het Engels",
        (Lang::Fr, Lang::Nl) => "néerlandais",
        (Lang::Fr, Lang::Fr) => "français",
        (Lang::Fr, Lang::De) => "allemand",
        (Lang::Fr, Lang::En) => "anglais",
        (Lang::De, Lang::Nl) => "Niederländisch",
        (Lang::De, Lang::Fr) => "Französisch",
        (Lang::De, Lang::De) => "Deutsch",
        (Lang::De, Lang::En) => "Englisch",
        (Lang::En, Lang::Nl) => "Dutch",
        (Lang::En, Lang::Fr) => "French",
        (Lang::En, Lang::De) => "German",
        (Lang::En, Lang::En) => "English",
    };
    match (finding, lang) {
        (TitleMissing { id, lang: l, shown }, Lang::Nl) => format!(
            "Actie {id} heeft geen titel in {}; de titel in {} wordt getoond.",
            language(l),
            language(shown)
        ),
        (TitleMissing { id, lang: l, shown }, Lang::Fr) => format!(
            "L'action {id} n'a pas d'intitulé en {} ; l'intitulé en {} est affiché.",
            language(l),
            language(shown)
        ),
        (TitleMissing { id, lang: l, shown }, Lang::De) => format!(
            "Maßnahme {id} hat keinen Titel auf {}; der Titel auf {} wird gezeigt.",
            language(l),
            language(shown)
        ),
        (TitleMissing { id, lang: l, shown }, Lang::En) => format!(
            "Action {id} has no title in {}; the {} title is shown.",
            language(l),
            language(shown)
        ),
        (NoTarget { id }, Lang::Nl) => {
            format!("Indicator {id} heeft geen streefwaarde en kan dus niet beoordeeld worden.")
        }
        (NoTarget { id }, Lang::Fr) => {
            format!("L'indicateur {id} n'a pas de cible et ne peut donc pas être apprécié.")
        }
        (NoTarget { id }, Lang::De) => {
            format!("Kennzahl {id} hat keinen Zielwert und kann daher nicht bewertet werden.")
        }
        (NoTarget { id }, Lang::En) => {
            format!("Indicator {id} has no target, so it cannot be rated.")
        }
        (NoAction { objective, year }, Lang::Nl) => {
            format!("Operationele doelstelling {objective} heeft geen enkele actie in {year}.")
        }
        (NoAction { objective, year }, Lang::Fr) => {
            format!("L'objectif opérationnel {objective} n'a aucune action en {year}.")
        }
        (NoAction { objective, year }, Lang::De) => {
            format!("Operatives Ziel {objective} hat {year} keine Maßnahme.")
        }
        (NoAction { objective, year }, Lang::En) => {
            format!("Operational objective {objective} has no action in {year}.")
        }
        (CompletedBelow { id, progress }, Lang::Nl) => format!(
            "Actie {id} is afgerond, maar haar voortgang is {}.",
            pct(progress)
        ),
        (CompletedBelow { id, progress }, Lang::Fr) => format!(
            "L'action {id} est terminée, mais son avancement est de {}.",
            pct(progress)
        ),
        (CompletedBelow { id, progress }, Lang::De) => format!(
            "Maßnahme {id} ist abgeschlossen, ihr Fortschritt beträgt aber {}.",
            pct(progress)
        ),
        (CompletedBelow { id, progress }, Lang::En) => format!(
            "Action {id} is completed but its progress is {}.",
            pct(progress)
        ),
        (NotStartedAbove { id, progress }, Lang::Nl) => format!(
            "Actie {id} is niet gestart, maar haar voortgang is {}.",
            pct(progress)
        ),
        (NotStartedAbove { id, progress }, Lang::Fr) => format!(
            "L'action {id} n'a pas commencé, mais son avancement est de {}.",
            pct(progress)
        ),
        (NotStartedAbove { id, progress }, Lang::De) => format!(
            "Maßnahme {id} hat nicht begonnen, ihr Fortschritt beträgt aber {}.",
            pct(progress)
        ),
        (NotStartedAbove { id, progress }, Lang::En) => format!(
            "Action {id} has not started but its progress is {}.",
            pct(progress)
        ),
        (DueBeforeStart { id, due, start }, Lang::Nl) => format!(
            "Actie {id} heeft een einddatum ({}) vóór haar startdatum ({}).",
            day(due),
            day(start)
        ),
        (DueBeforeStart { id, due, start }, Lang::Fr) => format!(
            "L'échéance de l'action {id} ({}) précède sa date de début ({}).",
            day(due),
            day(start)
        ),
        (DueBeforeStart { id, due, start }, Lang::De) => format!(
            "Maßnahme {id} ist fällig ({}) vor ihrem Beginn ({}).",
            day(due),
            day(start)
        ),
        (DueBeforeStart { id, due, start }, Lang::En) => format!(
            "Action {id} is due ({}) before it starts ({}).",
            day(due),
            day(start)
        ),
        (DuePassed { id, due, year }, Lang::Nl) => format!(
            "Actie {id} moest klaar zijn op {} en is eind {year} niet afgerond.",
            day(due)
        ),
        (DuePassed { id, due, year }, Lang::Fr) => format!(
            "L'action {id} devait être terminée le {} et ne l'est pas fin {year}.",
            day(due)
        ),
        (DuePassed { id, due, year }, Lang::De) => format!(
            "Maßnahme {id} war am {} fällig und ist Ende {year} nicht abgeschlossen.",
            day(due)
        ),
        (DuePassed { id, due, year }, Lang::En) => format!(
            "Action {id} was due on {} and is not completed at the end of {year}.",
            day(due)
        ),
        (NegativeBudget { id, spent }, Lang::Nl) => format!(
            "Actie {id} heeft een negatief {} budget.",
            if *spent { "besteed" } else { "gepland" }
        ),
        (NegativeBudget { id, spent }, Lang::Fr) => format!(
            "L'action {id} a un budget {} négatif.",
            if *spent { "dépensé" } else { "prévu" }
        ),
        (NegativeBudget { id, spent }, Lang::De) => format!(
            "Maßnahme {id} hat ein negatives {} Budget.",
            if *spent { "ausgegebenes" } else { "geplantes" }
        ),
        (NegativeBudget { id, spent }, Lang::En) => format!(
            "Action {id} has a negative {} budget.",
            if *spent { "spent" } else { "planned" }
        ),
        (OverSpent { id, spent, planned }, Lang::Nl) => format!(
            "Actie {id} besteedde {} van een gepland budget van {}.",
            eur(spent),
            eur(planned)
        ),
        (OverSpent { id, spent, planned }, Lang::Fr) => format!(
            "L'action {id} a dépensé {} pour un budget prévu de {}.",
            eur(spent),
            eur(planned)
        ),
        (OverSpent { id, spent, planned }, Lang::De) => format!(
            "Maßnahme {id} hat {} von geplanten {} ausgegeben.",
            eur(spent),
            eur(planned)
        ),
        (OverSpent { id, spent, planned }, Lang::En) => format!(
            "Action {id} spent {} of a planned {}.",
            eur(spent),
            eur(planned)
        ),
        (NoComment { id, status: st }, Lang::Nl) => format!(
            "Actie {id} heeft status {} zonder toelichting.",
            status(*st, lang).to_lowercase()
        ),
        (NoComment { id, status: st }, Lang::Fr) => format!(
            "L'action {id} est « {} » sans commentaire.",
            status(*st, lang).to_lowercase()
        ),
        (NoComment { id, status: st }, Lang::De) => format!(
            "Maßnahme {id} ist „{}“ ohne Kommentar.",
            status(*st, lang).to_lowercase()
        ),
        (NoComment { id, status: st }, Lang::En) => format!(
            "Action {id} is {} without a comment explaining why.",
            status(*st, lang).to_lowercase()
        ),
    }
}

/// The report's fixed wording, keyed the way the template asks for it.
/// Each row: key, nl, fr, de, en.
const LABELS: &[[&str; 5]] = &[
    [
        "annual_report",
        "Jaarrapport",
        "Rapport annuel",
        "Jahresbericht",
        "Annual report",
    ],
    [
        "progress_report",
        "Voortgangsrapport",
        "Rapport d'avancement",
        "Fortschrittsbericht",
        "Progress report",
    ],
    [
        "operational_plan",
        "Operationeel plan",
        "Plan opérationnel",
        "Operativer Plan",
        "Operational plan",
    ],
    [
        "scope",
        "Reikwijdte",
        "Périmètre",
        "Geltungsbereich",
        "Scope",
    ],
    [
        "whole_organisation",
        "Volledige organisatie",
        "Ensemble de l'organisation",
        "Gesamte Organisation",
        "Whole organisation",
    ],
    [
        "unit_scope_note",
        "Dit rapport bevat enkel de acties van deze directie.",
        "Ce rapport ne contient que les actions de cette direction.",
        "Dieser Bericht enthält nur die Maßnahmen dieser Direktion.",
        "This report covers only this unit's actions.",
    ],
    [
        "as_of",
        "Stand van zaken op",
        "Situation au",
        "Stand am",
        "Status as of",
    ],
    ["draft", "ONTWERP", "PROJET", "ENTWURF", "DRAFT"],
    ["final", "DEFINITIEF", "DÉFINITIF", "ENDGÜLTIG", "FINAL"],
    [
        "contents",
        "Inhoud",
        "Table des matières",
        "Inhalt",
        "Contents",
    ],
    [
        "summary",
        "Samenvatting",
        "Synthèse",
        "Zusammenfassung",
        "Executive summary",
    ],
    [
        "overall_progress",
        "Globale voortgang",
        "Avancement global",
        "Gesamtfortschritt",
        "Overall progress",
    ],
    [
        "overall_progress_note",
        "Gemiddelde voortgang van alle acties, geannuleerde acties niet meegerekend.",
        "Avancement moyen de toutes les actions, hors actions annulées.",
        "Durchschnittlicher Fortschritt aller Maßnahmen ohne abgebrochene Maßnahmen.",
        "Mean progress of all actions, cancelled actions excluded.",
    ],
    ["actions", "Acties", "Actions", "Maßnahmen", "Actions"],
    ["action", "Actie", "Action", "Maßnahme", "Action"],
    [
        "actions_by_status",
        "Acties per status",
        "Actions par statut",
        "Maßnahmen nach Status",
        "Actions by status",
    ],
    [
        "progress_by_priority",
        "Voortgang per prioriteit",
        "Avancement par priorité",
        "Fortschritt nach Priorität",
        "Progress by priority",
    ],
    [
        "attention",
        "Acties die aandacht vragen",
        "Actions nécessitant une attention",
        "Maßnahmen mit Handlungsbedarf",
        "Actions needing attention",
    ],
    [
        "no_attention",
        "Geen acties met risico of vertraging.",
        "Aucune action à risque ou en retard.",
        "Keine gefährdeten oder verzögerten Maßnahmen.",
        "No actions at risk or delayed.",
    ],
    ["budget", "Budget", "Budget", "Budget", "Budget"],
    ["budget_planned", "Gepland", "Prévu", "Geplant", "Planned"],
    ["budget_spent", "Besteed", "Dépensé", "Ausgegeben", "Spent"],
    ["units", "Directies", "Directions", "Direktionen", "Units"],
    ["unit", "Directie", "Direction", "Direktion", "Unit"],
    [
        "framework",
        "Het strategisch kader",
        "Le cadre stratégique",
        "Der strategische Rahmen",
        "The strategic framework",
    ],
    ["mission", "Missie", "Mission", "Mission", "Mission"],
    ["values", "Waarden", "Valeurs", "Werte", "Values"],
    ["vision", "Visie", "Vision", "Vision", "Vision"],
    [
        "priorities",
        "Strategische prioriteiten",
        "Priorités stratégiques",
        "Strategische Prioritäten",
        "Strategic priorities",
    ],
    [
        "priority",
        "Prioriteit",
        "Priorité",
        "Priorität",
        "Priority",
    ],
    [
        "strategic_objective",
        "Strategische doelstelling",
        "Objectif stratégique",
        "Strategisches Ziel",
        "Strategic objective",
    ],
    [
        "operational_objective",
        "Operationele doelstelling",
        "Objectif opérationnel",
        "Operatives Ziel",
        "Operational objective",
    ],
    [
        "signed_on",
        "Ondertekend op",
        "Signé le",
        "Unterzeichnet am",
        "Signed on",
    ],
    [
        "signatories",
        "Ondertekenaars",
        "Signataires",
        "Unterzeichner",
        "Signatories",
    ],
    [
        "progress_details",
        "Voortgang per doelstelling",
        "Avancement par objectif",
        "Fortschritt nach Zielen",
        "Progress by objective",
    ],
    ["id", "Code", "Code", "Code", "Id"],
    ["title", "Titel", "Intitulé", "Titel", "Title"],
    ["status", "Status", "Statut", "Status", "Status"],
    [
        "progress",
        "Voortgang",
        "Avancement",
        "Fortschritt",
        "Progress",
    ],
    ["due", "Einddatum", "Échéance", "Fällig", "Due"],
    [
        "comment",
        "Toelichting",
        "Commentaire",
        "Kommentar",
        "Comment",
    ],
    [
        "no_actions",
        "Geen acties in dit jaar.",
        "Aucune action cette année.",
        "Keine Maßnahmen in diesem Jahr.",
        "No actions this year.",
    ],
    [
        "direct_actions",
        "Acties rechtstreeks onder deze strategische doelstelling",
        "Actions directement liées à cet objectif stratégique",
        "Maßnahmen direkt unter diesem strategischen Ziel",
        "Actions directly under this strategic objective",
    ],
    [
        "lead_unit",
        "Trekker",
        "Pilote",
        "Federführung",
        "Lead unit",
    ],
    ["page", "Pagina", "Page", "Seite", "Page"],
    ["of", "van", "sur", "von", "of"],
    [
        "illustrative",
        "Voorbeeldgegevens",
        "Données d'exemple",
        "Beispieldaten",
        "Sample data",
    ],
    [
        "generated_by",
        "Opgemaakt met Koers",
        "Établi avec Koers",
        "Erstellt mit Koers",
        "Made with Koers",
    ],
    [
        "signoff",
        "Goedkeuring",
        "Approbation",
        "Freigabe",
        "Sign-off",
    ],
    [
        "signoff_intro",
        "Dit rapport wordt definitief wanneer elke goedkeurder hieronder de gegevens waarop het steunt, heeft goedgekeurd.",
        "Ce rapport devient définitif lorsque chaque approbateur ci-dessous a approuvé les données sur lesquelles il repose.",
        "Dieser Bericht wird endgültig, wenn jede unten genannte Person die zugrunde liegenden Daten freigegeben hat.",
        "This report becomes final when every approver below has approved the data it is based on.",
    ],
    [
        "approver",
        "Goedkeurder",
        "Approbateur",
        "Freigebende Person",
        "Approver",
    ],
    ["role", "Functie", "Fonction", "Funktion", "Role"],
    [
        "approval",
        "Goedkeuring",
        "Approbation",
        "Freigabe",
        "Approval",
    ],
    [
        "approval_pending",
        "Nog niet goedgekeurd",
        "Pas encore approuvé",
        "Noch nicht freigegeben",
        "Not yet approved",
    ],
    ["rag", "Beoordeling", "Appréciation", "Bewertung", "RAG"],
    [
        "kpis",
        "Indicatoren",
        "Indicateurs",
        "Kennzahlen",
        "Indicators",
    ],
    ["kpi", "Indicator", "Indicateur", "Kennzahl", "Indicator"],
    [
        "no_kpis",
        "Geen indicatoren in deze reikwijdte.",
        "Aucun indicateur dans ce périmètre.",
        "Keine Kennzahlen in diesem Geltungsbereich.",
        "No indicators in this scope.",
    ],
    ["measure", "Eenheid", "Unité", "Einheit", "Measure"],
    [
        "baseline",
        "Nulmeting",
        "Référence",
        "Ausgangswert",
        "Baseline",
    ],
    ["target", "Streefwaarde", "Cible", "Zielwert", "Target"],
    ["actual", "Resultaat", "Réalisé", "Istwert", "Actual"],
    ["trend", "Verloop", "Évolution", "Verlauf", "Trend"],
    ["direction", "Richting", "Sens", "Richtung", "Direction"],
    ["at_risk", "Risico", "À risque", "Gefährdet", "At risk"],
    ["delayed", "Vertraagd", "En retard", "Verzögert", "Delayed"],
    [
        "unit_comparison",
        "Vergelijking van de directies",
        "Comparaison des directions",
        "Vergleich der Direktionen",
        "Units compared",
    ],
    [
        "budget_by_priority",
        "Budget per prioriteit",
        "Budget par priorité",
        "Budget nach Priorität",
        "Budget by priority",
    ],
    [
        "chart_budget_alt",
        "Staafdiagram van het geplande en bestede budget per prioriteit",
        "Diagramme en barres du budget prévu et dépensé par priorité",
        "Balkendiagramm des geplanten und ausgegebenen Budgets nach Priorität",
        "Bar chart of planned and spent budget by priority",
    ],
    [
        "chart_trend_alt",
        "Verloop van indicator",
        "Évolution de l'indicateur",
        "Verlauf der Kennzahl",
        "Trend of indicator",
    ],
    [
        "chart_history_alt",
        "Voortgang per prioriteit per jaar",
        "Avancement par priorité et par année",
        "Fortschritt nach Priorität und Jahr",
        "Progress by priority and year",
    ],
    [
        "progress_over_years",
        "Voortgang over de jaren",
        "Avancement au fil des années",
        "Fortschritt über die Jahre",
        "Progress over the years",
    ],
    ["year", "Jaar", "Année", "Jahr", "Year"],
    [
        "completed",
        "Afgerond",
        "Terminées",
        "Abgeschlossen",
        "Completed",
    ],
    [
        "plan_period",
        "Afsluiting van het plan",
        "Clôture du plan",
        "Abschluss des Plans",
        "Closing the plan",
    ],
    [
        "plan_period_intro",
        "Dit laatste jaarrapport sluit het strategisch plan af. Hieronder de evolutie over de volledige planperiode.",
        "Ce dernier rapport annuel clôture le plan stratégique. Voici l'évolution sur toute la période du plan.",
        "Dieser letzte Jahresbericht schließt den strategischen Plan ab. Hier die Entwicklung über die gesamte Laufzeit.",
        "This last annual report closes the strategic plan. Below is the evolution over the whole plan period.",
    ],
    ["annexes", "Bijlagen", "Annexes", "Anhänge", "Annexes"],
    [
        "quality_annex",
        "Kwaliteit van de gegevens",
        "Qualité des données",
        "Datenqualität",
        "Data quality",
    ],
    [
        "quality_intro",
        "Waarschuwingen van koers check over de gegevens van dit jaar in deze reikwijdte. Zij maken geen cijfer onjuist, maar verdienen aandacht.",
        "Avertissements de koers check sur les données de cette année dans ce périmètre. Ils ne faussent aucun chiffre mais méritent l'attention.",
        "Warnungen von koers check zu den Daten dieses Jahres in diesem Geltungsbereich. Sie verfälschen keine Zahl, verdienen aber Aufmerksamkeit.",
        "Warnings from koers check about this year's data in this scope. They make no figure wrong but deserve attention.",
    ],
    [
        "no_quality",
        "Geen waarschuwingen.",
        "Aucun avertissement.",
        "Keine Warnungen.",
        "No warnings.",
    ],
    ["place", "Plaats", "Emplacement", "Stelle", "Place"],
    ["message", "Melding", "Message", "Meldung", "Message"],
    [
        "rules_annex",
        "Berekeningsregels",
        "Règles de calcul",
        "Berechnungsregeln",
        "How the figures are computed",
    ],
    [
        "rule_progress",
        "De voortgang van een groep acties (doelstelling, prioriteit, directie, organisatie) is het gemiddelde van de voortgang van haar acties, geannuleerde acties niet meegerekend, afgerond op één decimaal (half naar boven).",
        "L'avancement d'un groupe d'actions (objectif, priorité, direction, organisation) est la moyenne de l'avancement de ses actions, hors actions annulées, arrondie à une décimale (demi vers le haut).",
        "Der Fortschritt einer Gruppe von Maßnahmen ist der Mittelwert des Fortschritts ihrer Maßnahmen ohne abgebrochene, auf eine Dezimalstelle gerundet (halb aufwärts).",
        "The progress of a group of actions (objective, priority, unit, organisation) is the mean progress of its actions, cancelled actions left out, rounded half away from zero to one decimal.",
    ],
    [
        "rule_kpi",
        "Een indicator is groen wanneer het resultaat de streefwaarde haalt in de gewenste richting, oranje wanneer het de streefwaarde mist met ten hoogste {tol}% van de streefwaarde, en rood daarbuiten. Zonder streefwaarde of resultaat krijgt hij geen beoordeling.",
        "Un indicateur est vert lorsque le réalisé atteint la cible dans le sens souhaité, orange lorsqu'il la manque d'au plus {tol} % de la cible, et rouge au-delà. Sans cible ou sans réalisé, il n'est pas apprécié.",
        "Eine Kennzahl ist grün, wenn der Istwert den Zielwert in der gewünschten Richtung erreicht, gelb, wenn er ihn um höchstens {tol} % des Zielwerts verfehlt, sonst rot. Ohne Ziel- oder Istwert bleibt sie unbewertet.",
        "An indicator is green when its actual value meets the target in the desired direction, amber when it misses the target by at most {tol}% of the target, and red beyond. Without a target or an actual value it is not rated.",
    ],
    [
        "rule_group",
        "Een groep acties is groen wanneer ten hoogste {amber}% van haar niet-geannuleerde acties risico loopt of vertraagd is, oranje tot en met {red}%, en rood daarboven.",
        "Un groupe d'actions est vert lorsqu'au plus {amber} % de ses actions non annulées sont à risque ou en retard, orange jusqu'à {red} % inclus, et rouge au-delà.",
        "Eine Gruppe von Maßnahmen ist grün, wenn höchstens {amber} % ihrer nicht abgebrochenen Maßnahmen gefährdet oder verzögert sind, gelb bis einschließlich {red} %, sonst rot.",
        "A group of actions is green when at most {amber}% of its non-cancelled actions are at risk or delayed, amber up to and including {red}%, and red above.",
    ],
    [
        "rule_budget",
        "Budgetten zijn de sommen van de geplande en bestede bedragen van de acties, afgerond op de euro.",
        "Les budgets sont les sommes des montants prévus et dépensés des actions, arrondies à l'euro.",
        "Budgets sind die Summen der geplanten und ausgegebenen Beträge der Maßnahmen, auf den Euro gerundet.",
        "Budgets are the sums of the actions' planned and spent amounts, rounded to the euro.",
    ],
    ["sources_annex", "Bronnen", "Sources", "Quellen", "Sources"],
    [
        "sources_intro",
        "De invoerbestanden waarop dit rapport steunt, met hun grootte en SHA-256-vingerafdruk. Een wijziging van één byte verandert de vingerafdruk.",
        "Les fichiers d'entrée sur lesquels repose ce rapport, avec leur taille et leur empreinte SHA-256. La modification d'un seul octet change l'empreinte.",
        "Die Eingabedateien dieses Berichts mit Größe und SHA-256-Prüfsumme. Die Änderung eines einzigen Bytes ändert die Prüfsumme.",
        "The input files this report is based on, with their size and SHA-256 fingerprint. Changing a single byte changes the fingerprint.",
    ],
    ["file", "Bestand", "Fichier", "Datei", "File"],
    [
        "size",
        "Grootte (bytes)",
        "Taille (octets)",
        "Größe (Bytes)",
        "Size (bytes)",
    ],
    [
        "signoff_final",
        "Elke goedkeurder heeft de gegevens van dit rapport goedgekeurd: het rapport is definitief. Elke goedkeuring geldt voor de vingerafdruk hieronder; die dekt elk invoerbestand en het sjabloon.",
        "Chaque approbateur a approuvé les données de ce rapport : le rapport est définitif. Chaque approbation vaut pour l'empreinte ci-dessous, qui couvre chaque fichier d'entrée et le modèle.",
        "Alle Freigebenden haben die Daten dieses Berichts freigegeben: der Bericht ist endgültig. Jede Freigabe gilt für die Prüfsumme unten, die jede Eingabedatei und die Vorlage abdeckt.",
        "Every approver has approved the data of this report: the report is final. Each approval holds for the fingerprint below, which covers every input file and the template.",
    ],
    [
        "signoff_draft",
        "Dit rapport is een ontwerp. Het wordt definitief wanneer elke goedkeurder hieronder de huidige gegevens (met de vingerafdruk hieronder) heeft goedgekeurd met koers approve.",
        "Ce rapport est un projet. Il devient définitif lorsque chaque approbateur ci-dessous a approuvé les données actuelles (avec l'empreinte ci-dessous) au moyen de koers approve.",
        "Dieser Bericht ist ein Entwurf. Er wird endgültig, wenn alle unten Genannten die aktuellen Daten (mit der Prüfsumme unten) mit koers approve freigegeben haben.",
        "This report is a draft. It becomes final when every approver below has approved the current data (with the fingerprint below) using koers approve.",
    ],
    [
        "fingerprint",
        "Vingerafdruk van de gegevens",
        "Empreinte des données",
        "Prüfsumme der Daten",
        "Data fingerprint",
    ],
    [
        "approved_fingerprint",
        "goedgekeurde vingerafdruk",
        "empreinte approuvée",
        "freigegebene Prüfsumme",
        "approved fingerprint",
    ],
    ["date", "Datum", "Date", "Datum", "Date"],
    ["template_used", "Sjabloon", "Modèle", "Vorlage", "Template"],
    [
        "attachments_note",
        "De invoerbestanden en de goedkeuringen zijn als bijlagen in dit PDF-bestand opgenomen.",
        "Les fichiers d'entrée et les approbations sont joints à ce fichier PDF.",
        "Die Eingabedateien und die Freigaben sind dieser PDF-Datei als Anhänge beigefügt.",
        "The input files and the approvals are attached to this PDF file.",
    ],
    [
        "chart_progress_alt",
        "Staafdiagram van de voortgang per prioriteit",
        "Diagramme en barres de l'avancement par priorité",
        "Balkendiagramm des Fortschritts nach Priorität",
        "Bar chart of progress by priority",
    ],
    [
        "chart_status_alt",
        "Verdeling van de acties per status",
        "Répartition des actions par statut",
        "Verteilung der Maßnahmen nach Status",
        "Distribution of actions by status",
    ],
];

/// All labels in `lang`.
pub fn labels(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    let column = lang_index(lang) + 1;
    LABELS.iter().map(|row| (row[0], row[column])).collect()
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
    fn dates_per_language() {
        let day = NaiveDate::from_ymd_opt(2023, 3, 31).expect("date");
        assert_eq!(date(day, Lang::Nl), "31 maart 2023");
        assert_eq!(date(day, Lang::Fr), "31 mars 2023");
        assert_eq!(date(day, Lang::En), "31 March 2023");
        assert_eq!(date(day, Lang::De), "31. März 2023");
        let first = NaiveDate::from_ymd_opt(2022, 5, 1).expect("date");
        assert_eq!(date(first, Lang::Fr), "1er mai 2022");
    }

    #[test]
    fn every_finding_is_written_in_every_language() {
        use crate::diagnostics::Finding::*;
        let day = NaiveDate::from_ymd_opt(2023, 9, 30).expect("date");
        let findings = [
            TitleMissing {
                id: "A1".into(),
                lang: Lang::Fr,
                shown: Lang::Nl,
            },
            NoTarget { id: "A1".into() },
            NoAction {
                objective: "A1".into(),
                year: 2023,
            },
            CompletedBelow {
                id: "A1".into(),
                progress: d("90"),
            },
            NotStartedAbove {
                id: "A1".into(),
                progress: d("5"),
            },
            DueBeforeStart {
                id: "A1".into(),
                due: day,
                start: day,
            },
            DuePassed {
                id: "A1".into(),
                due: day,
                year: 2023,
            },
            NegativeBudget {
                id: "A1".into(),
                spent: true,
            },
            OverSpent {
                id: "A1".into(),
                spent: d("1500.5"),
                planned: d("1000"),
            },
            NoComment {
                id: "A1".into(),
                status: Status::AtRisk,
            },
        ];
        for found in &findings {
            for lang in Lang::ALL {
                assert!(finding(found, lang).contains("A1"), "{found:?} in {lang}");
            }
        }
        assert_eq!(
            finding(&findings[8], Lang::Nl),
            "Actie A1 besteedde €\u{a0}1.501 van een gepland budget van €\u{a0}1.000."
        );
        assert_eq!(
            finding(&findings[3], Lang::Fr),
            "L'action A1 est terminée, mais son avancement est de 90\u{202f}%."
        );
        assert_eq!(
            finding(&findings[9], Lang::En),
            "Action A1 is at risk without a comment explaining why."
        );
    }

    #[test]
    fn every_label_has_every_language() {
        for row in LABELS {
            assert!(row.iter().all(|t| !t.is_empty()), "{row:?}");
        }
        assert_eq!(labels(Lang::Fr)["summary"], "Synthèse");
    }
}
