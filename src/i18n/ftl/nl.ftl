### Koers: the fixed wording of the reports, Dutch edition (nl).
###
### An organisation can override any message of this file by putting a
### file i18n/nl.ftl in its template folder. That file holds only the
### messages it changes, with the same ids and the same placeholders
### ($id, $year, ...) as here; any other id, a different set of
### placeholders or a syntax error is refused when the report is built.
###
### Numbers, dates, amounts and percentages reach these messages already
### formatted for the language. A literal brace is written {"{"} and {"}"}.


## Labels: the report template receives them by id.

annual_report = Jaarrapport
progress_report = Voortgangsrapport
operational_plan = Operationeel plan
scope = Reikwijdte
whole_organisation = Volledige organisatie
unit_scope_note = Dit rapport bevat enkel de acties van deze directie.
as_of = Stand van zaken op
draft = ONTWERP
final = DEFINITIEF
contents = Inhoud
summary = Samenvatting
foreword = Voorwoord
objectives = Doelstellingen
objective_level = Doelstelling
figures_note = Dezelfde cijfers als in de voortgangsrapporten van dit jaar (PDF), met dezelfde afronding; de rekenregels staan hieronder.
overall_progress = Globale voortgang
overall_progress_note = Gemiddelde voortgang van alle acties, geannuleerde acties niet meegerekend.
actions = Acties
action = Actie
actions_by_status = Acties per status
progress_by_priority = Voortgang per prioriteit
attention = Acties die aandacht vragen
no_attention = Geen acties met risico of vertraging.
budget = Budget
budget_planned = Gepland
budget_spent = Besteed
units = Directies
unit = Directie
framework = Het strategisch kader
mission = Missie
values = Waarden
vision = Visie
priorities = Strategische prioriteiten
priority = Prioriteit
strategic_objective = Strategische doelstelling
operational_objective = Operationele doelstelling
signed_on = Ondertekend op
signatories = Ondertekenaars
progress_details = Voortgang per doelstelling
id = Code
title = Titel
status = Status
progress = Voortgang
due = Einddatum
comment = Toelichting
no_actions = Geen acties in dit jaar.
direct_actions = Acties rechtstreeks onder deze strategische doelstelling
lead_unit = Trekker
page = Pagina
of = van
illustrative = Voorbeeldgegevens
generated_by = Opgemaakt met Koers
signoff = Goedkeuring
signoff_intro = Dit rapport wordt definitief wanneer elke goedkeurder hieronder de gegevens waarop het steunt, heeft goedgekeurd.
approver = Goedkeurder
role = Functie
approval = Goedkeuring
approval_pending = Nog niet goedgekeurd
rag = Beoordeling
kpis = Indicatoren
kpi = Indicator
no_kpis = Geen indicatoren in deze reikwijdte.
measure = Eenheid
baseline = Nulmeting
target = Streefwaarde
actual = Resultaat
trend = Verloop
direction = Richting
at_risk = Risico
delayed = Vertraagd
unit_comparison = Vergelijking van de directies
budget_by_priority = Budget per prioriteit
chart_budget_alt = Staafdiagram van het geplande en bestede budget per prioriteit
chart_trend_alt = Verloop van indicator
chart_history_alt = Voortgang per prioriteit per jaar
progress_over_years = Voortgang over de jaren
year = Jaar
completed = Afgerond
plan_period = Afsluiting van het plan
plan_period_intro = Dit laatste jaarrapport sluit het strategisch plan af. Hieronder de evolutie over de volledige planperiode.
annexes = Bijlagen
quality_annex = Kwaliteit van de gegevens
quality_intro = Opmerkingen bij de controle van de gegevens van dit jaar in deze reikwijdte. Zij maken geen cijfer onjuist, maar verdienen aandacht.
no_quality = Geen waarschuwingen.
place = Plaats
message = Melding
rules_annex = Berekeningsregels
rule_progress = De voortgang van een groep acties (doelstelling, prioriteit, directie, organisatie) is het gemiddelde van de voortgang van haar acties, geannuleerde acties niet meegerekend, afgerond op één decimaal (half naar boven).
rule_kpi = Een indicator is groen wanneer het resultaat de streefwaarde haalt in de gewenste richting, oranje wanneer het de streefwaarde mist met ten hoogste {"{"}tol{"}"}% van de streefwaarde, en rood daarbuiten. Zonder streefwaarde of resultaat krijgt hij geen beoordeling.
rule_group = Een groep acties is groen wanneer ten hoogste {"{"}amber{"}"}% van haar niet-geannuleerde acties risico loopt of vertraagd is, oranje tot en met {"{"}red{"}"}%, en rood daarboven.
rule_budget = Budgetten zijn de sommen van de geplande en bestede bedragen van de acties, afgerond op de euro.
rule_budget_priority = Budget per prioriteit: een actie telt mee onder elke prioriteit die haar strategische doelstelling dient; dient die er meerdere, dan zijn de bedragen per prioriteit samen meer dan het totaal, en het rapport zegt hoeveel.
web_skip = Naar de inhoud
web_pdf = Download de PDF: het archiefexemplaar van dit rapport
web_table = De cijfers als tabel
web_filter = Acties filteren
web_all = Alle
web_computed = Hoe dit cijfer berekend wordt
web_shown = acties getoond
web_sort_hint = Kies een kolomkop om op die kolom te sorteren.
sources_annex = Bronnen
sources_intro = De invoerbestanden waarop dit rapport steunt, met hun grootte en SHA-256-vingerafdruk. Een wijziging van één byte verandert de vingerafdruk.
file = Bestand
size = Grootte (bytes)
signoff_final = Elke goedkeurder heeft de gegevens van dit rapport goedgekeurd: het rapport is definitief. Elke goedkeuring geldt voor de vingerafdruk hieronder; die dekt elk invoerbestand en het sjabloon.
signoff_draft = Dit rapport is een ontwerp. Het wordt definitief wanneer elke goedkeurder hieronder de huidige gegevens (met de vingerafdruk hieronder) heeft goedgekeurd.
fingerprint = Vingerafdruk van de gegevens
approved_fingerprint = goedgekeurde vingerafdruk
date = Datum
template_used = Sjabloon
attachments_note = De invoerbestanden en de goedkeuringen zijn als bijlagen in dit PDF-bestand opgenomen.
chart_progress_alt = Staafdiagram van de voortgang per prioriteit
chart_status_alt = Verdeling van de acties per status
missing_translations = Ontbrekende vertalingen
missing_translations_intro = Teksten die de directies niet in het Nederlands aanleverden. Het rapport toont dan de tekst in een andere taal, met de code van die taal ervoor (bijvoorbeeld FR).
kpi_texts = Teksten van indicatoren
signoff_recorded = De goedkeuringen van dit plan zijn geregistreerde namen, geen handtekeningen: wie goedkeurde en wanneer is niet cryptografisch bewezen.
signed_by = Ondertekend door
colon = :
attention_more = … en nog {"{"}count{"}"} andere acties met risico of vertraging. Alle acties staan in de rapporten per directie.
attention_order = De meest dringende eerst: vertraagd vóór risico, dan de langst overschreden einddatum, dan de laagste voortgang.
actions_in_unit_reports = Dit jaar telt {"{"}count{"}"} acties: dit rapport toont de doelstellingen met hun cijfers en laat de lijsten van acties aan de rapporten per directie.
count = Aantal
examples = Voorbeelden
findings_attached = De volledige lijst, met bestand en regel, is bij deze PDF gevoegd als {"{"}file{"}"}.
field = Veld


## Action statuses.

status-not_started = Niet gestart
status-on_track = Op schema
status-at_risk = Risico
status-delayed = Vertraagd
status-completed = Afgerond
status-cancelled = Geannuleerd


## The word for a red/amber/green rating, so it is never shown by colour alone.

rag-green = Groen
rag-amber = Oranje
rag-red = Rood


## Standing of an approver's approval.

standing-valid = Goedgekeurd
standing-stale = Verouderd: goedgekeurd voor andere gegevens
standing-invalid = Ongeldig: de handtekening houdt geen stand
standing-missing = Nog niet goedgekeurd


## An indicator's desired direction.

direction-higher = hoger is beter
direction-lower = lager is beter


## Language names, as they stand inside the finding sentences ($lang, $shown).

language-nl = het Nederlands
language-fr = het Frans
language-de = het Duits
language-en = het Engels


## Data-quality findings, listed in the quality annex.

# $id: the action; $lang: the language without a title; $shown: the language whose title is shown (both from language-*)
finding-title-missing = Actie { $id } heeft geen titel in { $lang }; de titel in { $shown } wordt getoond.

# $id: the indicator
finding-no-target = Indicator { $id } heeft geen streefwaarde en kan dus niet beoordeeld worden.

# $objective: the operational objective; $year: the report year
finding-no-action = Operationele doelstelling { $objective } heeft geen enkele actie in { $year }.

# $id: the action; $progress: its progress, formatted with %
finding-completed-below = Actie { $id } is afgerond, maar haar voortgang is { $progress }.

# $id: the action; $progress: its progress, formatted with %
finding-not-started-above = Actie { $id } is niet gestart, maar haar voortgang is { $progress }.

# $id: the action; $due, $start: its due and start dates, formatted
finding-due-before-start = Actie { $id } heeft een einddatum ({ $due }) vóór haar startdatum ({ $start }).

# $id: the action; $due: its due date, formatted; $year: the report year
finding-due-passed = Actie { $id } moest klaar zijn op { $due } en is eind { $year } niet afgerond.

# $id: the action; $kind: "spent" or "planned", the negative amount
finding-negative-budget =
    Actie { $id } heeft een negatief { $kind ->
        [spent] besteed
       *[planned] gepland
    } budget.

# $id: the action; $spent, $planned: the amounts, formatted with the currency
finding-over-spent = Actie { $id } besteedde { $spent } van een gepland budget van { $planned }.

# $id: the action; $status: its status (status-*), in lower case
finding-no-comment = Actie { $id } heeft status { $status } zonder toelichting.

## The workbook `koers sheets` writes for each unit. Sheet names: at most
## 31 characters, none of : \ / ? * [ ].

sheet-instructions-name = Instructies
# $year: the year of the operational plan
sheet-actions-name = Acties { $year }
sheet-objectives-name = Doelstellingen
# $year: the year of the operational plan
sheet-indicators-name = Indicatoren { $year }
# $year: the year; $unit: the unit's name
sheet-title = Operationeel plan { $year } — { $unit }
# $year: the year; $previous: the year before; $actions, $objectives: sheet names
sheet-instructions =
    Vul het blad «{ $actions }» in: één rij per actie van uw directie in { $year }.
    De rijen met een id staan er al: de acties van { $previous } die nog niet afgerond waren. Werk hun status en voortgang bij en schrijf een nieuwe toelichting; hun data en budgetten staan er al (pas ze aan als ze veranderd zijn), de toelichting van { $previous } staat ernaast om te lezen. Wordt een actie stopgezet, kies dan de status «geannuleerd»: de rij blijft staan.
    Voeg nieuwe acties toe onder de bestaande rijen, elk met een nieuwe, unieke id.
    Doelstelling: kies een id uit de lijst; het blad «{ $objectives }» zegt wat elke id is.
    Status: kies uit de lijst. Voortgang: een percentage van 0% tot 100%.
    Data als datum (31/12/{ $year }), budgetten als bedrag in euro.
    Toelichting: leg elke vertraging en elk risico uit, in elke taal waarin u dat kunt.
    Wijzig de kolomkoppen niet en voeg geen totaalrij toe: Koers berekent alle totalen zelf.
# The instructions' line about the indicators sheet, when the workbook has one. $indicators: its sheet name
sheet-instructions-indicators = Indicatoren: vul op het blad «{ $indicators }» de gemeten waarde (Werkelijk) en een toelichting in; nulmeting en streefwaarde staan er ter informatie.
sheet-list-help = Kies uit de lijst.
sheet-progress-help = Een percentage van 0% tot 100%.

## Sentences with a count: singular and plural chosen by the count.
## $count: the number (for the choice); $number: it as the report writes it

count-attention-more = { $count ->
        [one] … en nog { $number } andere actie met risico of vertraging. Alle acties staan in de rapporten per directie.
       *[other] … en nog { $number } andere acties met risico of vertraging. Alle acties staan in de rapporten per directie.
    }
count-actions-in-unit-reports = { $count ->
        [one] Dit jaar telt { $number } actie: dit rapport toont de doelstellingen met hun cijfers en laat de lijsten van acties aan de rapporten per directie.
       *[other] Dit jaar telt { $number } acties: dit rapport toont de doelstellingen met hun cijfers en laat de lijsten van acties aan de rapporten per directie.
    }
count-actions = { $count ->
        [one] { $number } actie
       *[other] { $number } acties
    }

## The budget per priority, when the priorities' amounts do not add up to the total.
## $sum: the priorities' planned amounts together; $total: all actions'; $twice: the difference
budget-priorities-overlap = Een strategische doelstelling die meerdere prioriteiten dient, telt mee onder elk ervan: samen komen de prioriteiten op { $sum } gepland, het totaal van alle acties is { $total } ({ $twice } meer dan één keer geteld).
budget-priorities-outside = Samen komen de prioriteiten op { $sum } gepland, het totaal van alle acties is { $total }: { $twice } valt onder geen enkele prioriteit.

## A long comment cut in the summary's attention list: where the whole comment is.
## $objective: the action's objective id; $unit: the unit's id
comment-continued-here = vervolg bij doelstelling { $objective }
comment-continued-unit = vervolg in het rapport van { $unit }

# Whose word the signing time of a signed approval is ($stamp: time and authority)
time-timestamped = tijdstempel { $stamp }
time-claimed = tijd volgens de eigen klok van de ondertekenaar (geen tijdstempel)
time-timestamped-unnamed = tijdstempel { $stamp }, van een dienst die het plan niet noemt
