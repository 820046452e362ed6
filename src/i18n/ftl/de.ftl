### Koers: the fixed wording of the reports, German edition (de).
###
### An organisation can override any message of this file by putting a
### file i18n/de.ftl in its template folder. That file holds only the
### messages it changes, with the same ids and the same placeholders
### ($id, $year, ...) as here; any other id, a different set of
### placeholders or a syntax error is refused when the report is built.
###
### Numbers, dates, amounts and percentages reach these messages already
### formatted for the language. A literal brace is written {"{"} and {"}"}.


## Labels: the report template receives them by id.

annual_report = Jahresbericht
progress_report = Fortschrittsbericht
operational_plan = Operativer Plan
scope = Geltungsbereich
whole_organisation = Gesamte Organisation
unit_scope_note = Dieser Bericht enthält nur die Maßnahmen dieser Direktion.
as_of = Stand am
draft = ENTWURF
final = ENDGÜLTIG
contents = Inhalt
summary = Zusammenfassung
foreword = Vorwort
objectives = Ziele
objective_level = Ziel
figures_note = Dieselben Zahlen wie in den Fortschrittsberichten dieses Jahres (PDF), gleich gerundet; die Berechnungsregeln stehen unten.
overall_progress = Gesamtfortschritt
overall_progress_note = Durchschnittlicher Fortschritt aller Maßnahmen ohne abgebrochene Maßnahmen.
actions = Maßnahmen
action = Maßnahme
actions_by_status = Maßnahmen nach Status
progress_by_priority = Fortschritt nach Priorität
attention = Maßnahmen mit Handlungsbedarf
no_attention = Keine gefährdeten oder verzögerten Maßnahmen.
budget = Budget
budget_planned = Geplant
budget_spent = Ausgegeben
units = Direktionen
unit = Direktion
framework = Der strategische Rahmen
mission = Mission
values = Werte
vision = Vision
priorities = Strategische Prioritäten
priority = Priorität
strategic_objective = Strategisches Ziel
operational_objective = Operatives Ziel
signed_on = Unterzeichnet am
signatories = Unterzeichner
progress_details = Fortschritt nach Zielen
id = Code
title = Titel
status = Status
progress = Fortschritt
due = Fällig
comment = Kommentar
no_actions = Keine Maßnahmen in diesem Jahr.
direct_actions = Maßnahmen direkt unter diesem strategischen Ziel
lead_unit = Federführung
page = Seite
of = von
illustrative = Beispieldaten
generated_by = Erstellt mit Koers
signoff = Freigabe
signoff_intro = Dieser Bericht wird endgültig, wenn jede unten genannte Person die zugrunde liegenden Daten freigegeben hat.
approver = Freigebende Person
role = Funktion
approval = Freigabe
approval_pending = Noch nicht freigegeben
rag = Bewertung
kpis = Kennzahlen
kpi = Kennzahl
no_kpis = Keine Kennzahlen in diesem Geltungsbereich.
measure = Einheit
baseline = Ausgangswert
target = Zielwert
actual = Istwert
trend = Verlauf
direction = Richtung
at_risk = Gefährdet
delayed = Verzögert
unit_comparison = Vergleich der Direktionen
budget_by_priority = Budget nach Priorität
chart_budget_alt = Balkendiagramm des geplanten und ausgegebenen Budgets nach Priorität
chart_trend_alt = Verlauf der Kennzahl
chart_history_alt = Fortschritt nach Priorität und Jahr
progress_over_years = Fortschritt über die Jahre
year = Jahr
completed = Abgeschlossen
plan_period = Abschluss des Plans
plan_period_intro = Dieser letzte Jahresbericht schließt den strategischen Plan ab. Hier die Entwicklung über die gesamte Laufzeit.
annexes = Anhänge
quality_annex = Datenqualität
quality_intro = Hinweise aus der Prüfung der Daten dieses Jahres in diesem Geltungsbereich. Sie verfälschen keine Zahl, verdienen aber Aufmerksamkeit.
no_quality = Keine Warnungen.
place = Stelle
message = Meldung
rules_annex = Berechnungsregeln
rule_progress = Der Fortschritt einer Gruppe von Maßnahmen ist der Mittelwert des Fortschritts ihrer Maßnahmen ohne abgebrochene, auf eine Dezimalstelle gerundet (halb aufwärts).
rule_kpi = Eine Kennzahl ist grün, wenn der Istwert den Zielwert in der gewünschten Richtung erreicht, gelb, wenn er ihn um höchstens {"{"}tol{"}"} % des Zielwerts verfehlt, sonst rot. Ohne Ziel- oder Istwert bleibt sie unbewertet.
rule_group = Eine Gruppe von Maßnahmen ist grün, wenn höchstens {"{"}amber{"}"} % ihrer nicht abgebrochenen Maßnahmen gefährdet oder verzögert sind, gelb bis einschließlich {"{"}red{"}"} %, sonst rot.
rule_budget = Budgets sind die Summen der geplanten und ausgegebenen Beträge der Maßnahmen, auf den Euro gerundet.
rule_budget_priority = Budget je Priorität: eine Maßnahme zählt unter jeder Priorität, der ihr strategisches Ziel dient; dient es mehreren, ergeben die Beträge je Priorität zusammen mehr als die Summe, und der Bericht sagt, um wie viel.
web_skip = Zum Inhalt springen
web_pdf = Das PDF herunterladen, das Archivexemplar dieses Berichts
web_table = Die Zahlen als Tabelle
web_filter = Maßnahmen filtern
web_all = Alle
web_computed = Wie diese Zahl berechnet wird
web_shown = Maßnahmen angezeigt
web_sort_hint = Wählen Sie eine Spaltenüberschrift, um nach dieser Spalte zu sortieren.
sources_annex = Quellen
sources_intro = Die Eingabedateien dieses Berichts mit Größe und SHA-256-Prüfsumme. Die Änderung eines einzigen Bytes ändert die Prüfsumme.
file = Datei
size = Größe (Bytes)
signoff_final = Alle Freigebenden haben die Daten dieses Berichts freigegeben: der Bericht ist endgültig. Jede Freigabe gilt für die Prüfsumme unten, die jede Eingabedatei und die Vorlage abdeckt.
signoff_draft = Dieser Bericht ist ein Entwurf. Er wird endgültig, wenn alle unten Genannten die aktuellen Daten (mit der Prüfsumme unten) freigegeben haben.
fingerprint = Prüfsumme der Daten
approved_fingerprint = freigegebene Prüfsumme
date = Datum
template_used = Vorlage
attachments_note = Die Eingabedateien und die Freigaben sind dieser PDF-Datei als Anhänge beigefügt.
chart_progress_alt = Balkendiagramm des Fortschritts nach Priorität
chart_status_alt = Verteilung der Maßnahmen nach Status
missing_translations = Fehlende Übersetzungen
missing_translations_intro = Texte, die die Direktionen nicht auf Deutsch geliefert haben. Der Bericht zeigt dann den Text in einer anderen Sprache, mit dem Code seiner Sprache davor (zum Beispiel NL).
kpi_texts = Texte der Indikatoren
signoff_recorded = Die Freigaben dieses Plans sind erfasste Namen, keine Signaturen: wer wann freigegeben hat, ist nicht kryptografisch belegt.
signed_by = Signiert von
colon = :
attention_more = … und {"{"}count{"}"} weitere gefährdete oder verzögerte Maßnahmen. Alle Maßnahmen stehen in den Berichten der Direktionen.
attention_order = Die dringendsten zuerst: verzögert vor gefährdet, dann die am längsten überschrittene Frist, dann der geringste Fortschritt.
actions_in_unit_reports = Dieses Jahr zählt {"{"}count{"}"} Maßnahmen: Dieser Bericht zeigt die Ziele mit ihren Zahlen und überlässt die Maßnahmenlisten den Berichten der Direktionen.
count = Anzahl
examples = Beispiele
findings_attached = Die vollständige Liste mit Datei und Zeile ist diesem PDF als {"{"}file{"}"} beigefügt.
field = Feld


## Action statuses.

status-not_started = Nicht begonnen
status-on_track = Im Plan
status-at_risk = Gefährdet
status-delayed = Verzögert
status-completed = Abgeschlossen
status-cancelled = Abgebrochen


## The word for a red/amber/green rating, so it is never shown by colour alone.

rag-green = Grün
rag-amber = Gelb
rag-red = Rot


## Standing of an approver's approval.

standing-valid = Freigegeben
standing-stale = Veraltet: für andere Daten freigegeben
standing-invalid = Ungültig: die Signatur hält nicht
standing-missing = Noch nicht freigegeben


## An indicator's desired direction.

direction-higher = höher ist besser
direction-lower = niedriger ist besser


## Language names, as they stand inside the finding sentences ($lang, $shown).

language-nl = Niederländisch
language-fr = Französisch
language-de = Deutsch
language-en = Englisch


## Data-quality findings, listed in the quality annex.

# $id: the action; $lang: the language without a title; $shown: the language whose title is shown (both from language-*)
finding-title-missing = Maßnahme { $id } hat keinen Titel auf { $lang }; der Titel auf { $shown } wird gezeigt.

# $id: the indicator
finding-no-target = Kennzahl { $id } hat keinen Zielwert und kann daher nicht bewertet werden.

# $objective: the operational objective; $year: the report year
finding-no-action = Operatives Ziel { $objective } hat { $year } keine Maßnahme.

# $id: the action; $progress: its progress, formatted with %
finding-completed-below = Maßnahme { $id } ist abgeschlossen, ihr Fortschritt beträgt aber { $progress }.

# $id: the action; $progress: its progress, formatted with %
finding-not-started-above = Maßnahme { $id } hat nicht begonnen, ihr Fortschritt beträgt aber { $progress }.

# $id: the action; $due, $start: its due and start dates, formatted
finding-due-before-start = Maßnahme { $id } ist fällig ({ $due }) vor ihrem Beginn ({ $start }).

# $id: the action; $due: its due date, formatted; $year: the report year
finding-due-passed = Maßnahme { $id } war am { $due } fällig und ist Ende { $year } nicht abgeschlossen.

# $id: the action; $kind: "spent" or "planned", the negative amount
finding-negative-budget =
    Maßnahme { $id } hat ein negatives { $kind ->
        [spent] ausgegebenes
       *[planned] geplantes
    } Budget.

# $id: the action; $spent, $planned: the amounts, formatted with the currency
finding-over-spent = Maßnahme { $id } hat { $spent } von geplanten { $planned } ausgegeben.

# $id: the action; $status: its status (status-*), in lower case
finding-no-comment = Maßnahme { $id } ist „{ $status }“ ohne Kommentar.

## The workbook `koers sheets` writes for each unit. Sheet names: at most
## 31 characters, none of : \ / ? * [ ].

sheet-instructions-name = Anleitung
# $year: the year of the operational plan
sheet-actions-name = Maßnahmen { $year }
sheet-objectives-name = Ziele
# $year: the year of the operational plan
sheet-indicators-name = Indikatoren { $year }
# $year: the year; $unit: the unit's name
sheet-title = Operativer Plan { $year } — { $unit }
# $year: the year; $previous: the year before; $actions, $objectives: sheet names
sheet-instructions =
    Füllen Sie das Blatt „{ $actions }“ aus: eine Zeile je Maßnahme Ihrer Direktion in { $year }.
    Die Zeilen mit einer Id sind schon da: die Maßnahmen aus { $previous }, die noch nicht abgeschlossen waren. Aktualisieren Sie Status und Fortschritt und schreiben Sie einen neuen Kommentar; Daten und Budgets stehen schon da (ändern Sie sie, wenn sie sich geändert haben), der Kommentar aus { $previous } steht zum Lesen daneben. Wird eine Maßnahme eingestellt, wählen Sie den Status „abgebrochen“: die Zeile bleibt.
    Fügen Sie neue Maßnahmen unter den bestehenden Zeilen hinzu, jede mit einer neuen, eindeutigen Id.
    Ziel: wählen Sie eine Id aus der Liste; das Blatt „{ $objectives }“ sagt, was jede Id ist.
    Status: wählen Sie aus der Liste. Fortschritt: ein Prozentsatz von 0 % bis 100 %.
    Daten als Datum (31/12/{ $year }), Budgets als Betrag in Euro.
    Kommentar: erklären Sie jede Verzögerung und jedes Risiko, in jeder Sprache, in der Sie es können.
    Ändern Sie die Spaltenköpfe nicht und fügen Sie keine Summenzeile hinzu: Koers berechnet alle Summen selbst.
# The instructions' line about the indicators sheet, when the workbook has one. $indicators: its sheet name
sheet-instructions-indicators = Indikatoren: tragen Sie auf dem Blatt „{ $indicators }“ den gemessenen Wert (Actual) und einen Kommentar ein; Ausgangswert und Zielwert stehen zur Information da.
sheet-list-help = Wählen Sie aus der Liste.
sheet-progress-help = Ein Prozentsatz von 0 % bis 100 %.

## Sentences with a count: singular and plural chosen by the count.
## $count: the number (for the choice); $number: it as the report writes it

count-attention-more = { $count ->
        [one] … und { $number } weitere gefährdete oder verzögerte Maßnahme. Alle Maßnahmen stehen in den Berichten der Direktionen.
       *[other] … und { $number } weitere gefährdete oder verzögerte Maßnahmen. Alle Maßnahmen stehen in den Berichten der Direktionen.
    }
count-actions-in-unit-reports = { $count ->
        [one] Dieses Jahr zählt { $number } Maßnahme: Dieser Bericht zeigt die Ziele mit ihren Zahlen und überlässt die Maßnahmenlisten den Berichten der Direktionen.
       *[other] Dieses Jahr zählt { $number } Maßnahmen: Dieser Bericht zeigt die Ziele mit ihren Zahlen und überlässt die Maßnahmenlisten den Berichten der Direktionen.
    }
count-actions = { $count ->
        [one] { $number } Maßnahme
       *[other] { $number } Maßnahmen
    }

## The budget per priority, when the priorities' amounts do not add up to the total.
## $sum: the priorities' planned amounts together; $total: all actions'; $twice: the difference
budget-priorities-overlap = Ein strategisches Ziel, das mehreren Prioritäten dient, zählt unter jeder: zusammen kommen die Prioritäten auf { $sum } geplant, die Summe aller Maßnahmen ist { $total } ({ $twice } mehr als einmal gezählt).
budget-priorities-outside = Zusammen kommen die Prioritäten auf { $sum } geplant, die Summe aller Maßnahmen ist { $total }: { $twice } fallen unter keine Priorität.

## A long comment cut in the summary's attention list: where the whole comment is.
## $objective: the action's objective id; $unit: the unit's id
comment-continued-here = Fortsetzung bei Ziel { $objective }
comment-continued-unit = Fortsetzung im Bericht von { $unit }

# Whose word the signing time of a signed approval is ($stamp: time and authority)
time-timestamped = Zeitstempel { $stamp }
time-claimed = Zeit laut der eigenen Uhr des Unterzeichners (kein Zeitstempel)
time-timestamped-unnamed = Zeitstempel { $stamp }, von einem Dienst, den der Plan nicht nennt
