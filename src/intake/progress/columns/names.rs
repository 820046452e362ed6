//! The names each column goes by in the files units send: Dutch, French
//! and English, compared folded (case, accents, spaces, `_` and `-`
//! ignored).

pub(in crate::intake::progress) const ID: &[&str] = &[
    "id",
    "code",
    "actie",
    "action",
    "actieid",
    "actionid",
    "nr",
    "nummer",
    "numero",
    "code action",
    "code actie",
    "actiecode",
    "action code",
    "id action",
];
pub(in crate::intake::progress) const OBJECTIVE: &[&str] = &[
    "objective",
    "doelstelling",
    "objectif",
    "objectiveid",
    "operationeledoelstelling",
    "objectifoperationnel",
];
pub(in crate::intake::progress) const TITLE: &[&str] =
    &["title", "titel", "titre", "naam actie", "intitulé"];
pub(in crate::intake::progress) const UNIT: &[&str] = &[
    "unit",
    "directie",
    "direction",
    "entiteit",
    "entité",
    "dienst",
    "algemenedirectie",
    "directiongenerale",
];
pub(in crate::intake::progress) const STATUS: &[&str] = &["status", "statut", "stand", "état"];
pub(in crate::intake::progress) const PROGRESS: &[&str] = &[
    "progress",
    "voortgang",
    "progression",
    "vordering",
    "avancement",
    "progress%",
    "voortgang%",
];
pub(in crate::intake::progress) const START: &[&str] = &[
    "start",
    "startdatum",
    "date de début",
    "début",
    "startdate",
    "begindatum",
    "begin",
];
pub(in crate::intake::progress) const DUE: &[&str] = &[
    "due",
    "einddatum",
    "deadline",
    "échéance",
    "date d'échéance",
    "duedate",
    "date de fin",
    "enddate",
    "end",
    "einde",
];
pub(in crate::intake::progress) const BUDGET_PLANNED: &[&str] = &[
    "budget_planned",
    "budget gepland",
    "budget prévu",
    "gepland budget",
    "planned budget",
    "budget",
];
pub(in crate::intake::progress) const BUDGET_SPENT: &[&str] = &[
    "budget_spent",
    "budget besteed",
    "budget dépensé",
    "besteed budget",
    "spent budget",
    "spent",
    "besteed",
    "dépensé",
    "uitgaven",
    "dépenses",
];
pub(in crate::intake::progress) const COMMENT: &[&str] = &[
    "comment",
    "commentaar",
    "toelichting",
    "commentaire",
    "opmerking",
    "remarque",
    "comments",
    "remarks",
];
pub(in crate::intake::progress) const PREVIOUS_COMMENT: &[&str] = &[
    "previous comment",
    "toelichting vorig jaar",
    "commentaire année précédente",
];
pub(in crate::intake::progress) const KPI_ID: &[&str] = &[
    "id",
    "code",
    "indicator",
    "indicateur",
    "kpi",
    "kpiid",
    "code indicateur",
    "indicatorcode",
    "code kpi",
];
pub(in crate::intake::progress) const NAME: &[&str] = &[
    "name",
    "naam",
    "nom",
    "indicatornaam",
    "nomindicateur",
    "libellé",
];
pub(in crate::intake::progress) const MEASURE: &[&str] = &[
    "measure",
    "eenheid",
    "meeteenheid",
    "unité",
    "unité de mesure",
    "unit of measure",
    "mesure",
    "unit",
];
pub(in crate::intake::progress) const DIRECTION: &[&str] =
    &["direction", "richting", "sens", "better", "beter"];
pub(in crate::intake::progress) const BASELINE: &[&str] = &[
    "baseline",
    "nulmeting",
    "basislijn",
    "referentiewaarde",
    "valeur de référence",
    "référence",
    "base",
];
pub(in crate::intake::progress) const TARGET: &[&str] = &[
    "target",
    "streefwaarde",
    "doelwaarde",
    "cible",
    "valeur cible",
    "objectif chiffré",
];
pub(in crate::intake::progress) const ACTUAL: &[&str] = &[
    "actual",
    "werkelijk",
    "resultaat",
    "gerealiseerd",
    "réalisé",
    "valeur réelle",
    "réel",
    "meting",
    "mesure réelle",
];
