### Koers: the fixed wording of the reports, French edition (fr).
###
### An organisation can override any message of this file by putting a
### file i18n/fr.ftl in its template folder. That file holds only the
### messages it changes, with the same ids and the same placeholders
### ($id, $year, ...) as here; any other id, a different set of
### placeholders or a syntax error is refused when the report is built.
###
### Numbers, dates, amounts and percentages reach these messages already
### formatted for the language. A literal brace is written {"{"} and {"}"}.


## Labels: the report template receives them by id.

annual_report = Rapport annuel
progress_report = Rapport d'avancement
operational_plan = Plan opérationnel
scope = Périmètre
whole_organisation = Ensemble de l'organisation
unit_scope_note = Ce rapport ne contient que les actions de cette direction.
as_of = Situation au
draft = PROJET
final = DÉFINITIF
contents = Table des matières
summary = Synthèse
foreword = Avant-propos
objectives = Objectifs
objective_level = Objectif
figures_note = Les mêmes chiffres que dans les rapports d’avancement de cette année (PDF), avec les mêmes arrondis ; les règles de calcul figurent ci-dessous.
overall_progress = Avancement global
overall_progress_note = Avancement moyen de toutes les actions, hors actions annulées.
actions = Actions
action = Action
actions_by_status = Actions par statut
progress_by_priority = Avancement par priorité
attention = Actions nécessitant une attention
no_attention = Aucune action à risque ou en retard.
budget = Budget
budget_planned = Prévu
budget_spent = Dépensé
units = Directions
unit = Direction
framework = Le cadre stratégique
mission = Mission
values = Valeurs
vision = Vision
priorities = Priorités stratégiques
priority = Priorité
strategic_objective = Objectif stratégique
operational_objective = Objectif opérationnel
signed_on = Signé le
signatories = Signataires
progress_details = Avancement par objectif
id = Code
title = Intitulé
status = Statut
progress = Avancement
due = Échéance
comment = Commentaire
no_actions = Aucune action cette année.
direct_actions = Actions directement liées à cet objectif stratégique
lead_unit = Pilote
page = Page
of = sur
illustrative = Données d'exemple
generated_by = Établi avec Koers
signoff = Approbation
signoff_intro = Ce rapport devient définitif lorsque chaque approbateur ci-dessous a approuvé les données sur lesquelles il repose.
approver = Approbateur
role = Fonction
approval = Approbation
approval_pending = Pas encore approuvé
rag = Appréciation
kpis = Indicateurs
kpi = Indicateur
no_kpis = Aucun indicateur dans ce périmètre.
measure = Unité
baseline = Référence
target = Cible
actual = Réalisé
trend = Évolution
direction = Sens
at_risk = À risque
delayed = En retard
unit_comparison = Comparaison des directions
budget_by_priority = Budget par priorité
chart_budget_alt = Diagramme en barres du budget prévu et dépensé par priorité
chart_trend_alt = Évolution de l'indicateur
chart_history_alt = Avancement par priorité et par année
progress_over_years = Avancement au fil des années
year = Année
completed = Terminées
plan_period = Clôture du plan
plan_period_intro = Ce dernier rapport annuel clôture le plan stratégique. Voici l'évolution sur toute la période du plan.
annexes = Annexes
quality_annex = Qualité des données
quality_intro = Remarques issues du contrôle des données de cette année dans ce périmètre. Elles ne faussent aucun chiffre mais méritent l'attention.
no_quality = Aucun avertissement.
place = Emplacement
message = Message
rules_annex = Règles de calcul
rule_progress = L'avancement d'un groupe d'actions (objectif, priorité, direction, organisation) est la moyenne de l'avancement de ses actions, hors actions annulées, arrondie à une décimale (demi vers le haut).
rule_kpi = Un indicateur est vert lorsque le réalisé atteint la cible dans le sens souhaité, orange lorsqu'il la manque d'au plus {"{"}tol{"}"} % de la cible, et rouge au-delà. Sans cible ou sans réalisé, il n'est pas apprécié.
rule_group = Un groupe d'actions est vert lorsqu'au plus {"{"}amber{"}"} % de ses actions non annulées sont à risque ou en retard, orange jusqu'à {"{"}red{"}"} % inclus, et rouge au-delà.
rule_budget = Les budgets sont les sommes des montants prévus et dépensés des actions, arrondies à l'euro.
rule_budget_priority = Budget par priorité : une action compte sous chaque priorité que sert son objectif stratégique ; s'il en sert plusieurs, les montants par priorité dépassent ensemble le total, et le rapport dit de combien.
web_skip = Aller au contenu
web_pdf = Télécharger le PDF, l'exemplaire d'archive de ce rapport
web_table = Les chiffres sous forme de tableau
web_filter = Filtrer les actions
web_all = Toutes
web_computed = Comment ce chiffre est calculé
web_shown = actions affichées
web_sort_hint = Choisissez un en-tête de colonne pour trier sur cette colonne.
sources_annex = Sources
sources_intro = Les fichiers d'entrée sur lesquels repose ce rapport, avec leur taille et leur empreinte SHA-256. La modification d'un seul octet change l'empreinte.
file = Fichier
size = Taille (octets)
signoff_final = Chaque approbateur a approuvé les données de ce rapport : le rapport est définitif. Chaque approbation vaut pour l'empreinte ci-dessous, qui couvre chaque fichier d'entrée et le modèle.
signoff_draft = Ce rapport est un projet. Il devient définitif lorsque chaque approbateur ci-dessous a approuvé les données actuelles (avec l'empreinte ci-dessous).
fingerprint = Empreinte des données
approved_fingerprint = empreinte approuvée
date = Date
template_used = Modèle
attachments_note = Les fichiers d'entrée et les approbations sont joints à ce fichier PDF.
chart_progress_alt = Diagramme en barres de l'avancement par priorité
chart_status_alt = Répartition des actions par statut
missing_translations = Traductions manquantes
missing_translations_intro = Textes que les directions n'ont pas fournis en français. Le rapport affiche alors le texte dans une autre langue, précédé du code de sa langue (par exemple NL).
kpi_texts = Textes des indicateurs
signoff_recorded = Les approbations de ce plan sont des noms enregistrés, non des signatures : qui a approuvé et quand n'est pas prouvé cryptographiquement.
signed_by = Signé par
# A colon after a label: French puts a narrow no-break space before it.
colon =  :
attention_more = … et {"{"}count{"}"} autres actions à risque ou en retard. Toutes les actions figurent dans les rapports par direction.
attention_order = Les plus urgentes d'abord : en retard avant à risque, puis l'échéance la plus ancienne, puis l'avancement le plus faible.
actions_in_unit_reports = Cette année compte {"{"}count{"}"} actions : ce rapport présente les objectifs et leurs chiffres, et laisse les listes d'actions aux rapports par direction.
count = Nombre
examples = Exemples
findings_attached = La liste complète, avec fichier et ligne, est jointe à ce PDF sous le nom {"{"}file{"}"}.
field = Champ


## Action statuses.

status-not_started = Pas commencé
status-on_track = En cours
status-at_risk = À risque
status-delayed = En retard
status-completed = Terminé
status-cancelled = Annulé


## The word for a red/amber/green rating, so it is never shown by colour alone.

rag-green = Vert
rag-amber = Orange
rag-red = Rouge


## Standing of an approver's approval.

standing-valid = Approuvé
standing-stale = Périmée : approuvé pour d'autres données
standing-invalid = Invalide : la signature ne tient pas
standing-missing = Pas encore approuvé


## An indicator's desired direction.

direction-higher = plus élevé = mieux
direction-lower = plus bas = mieux


## Language names, as they stand inside the finding sentences ($lang, $shown).

language-nl = néerlandais
language-fr = français
language-de = allemand
language-en = anglais


## Data-quality findings, listed in the quality annex.

# $id: the action; $lang: the language without a title; $shown: the language whose title is shown (both from language-*)
finding-title-missing = L'action { $id } n'a pas d'intitulé en { $lang } ; l'intitulé en { $shown } est affiché.

# $id: the indicator
finding-no-target = L'indicateur { $id } n'a pas de cible et ne peut donc pas être apprécié.

# $objective: the operational objective; $year: the report year
finding-no-action = L'objectif opérationnel { $objective } n'a aucune action en { $year }.

# $id: the action; $progress: its progress, formatted with %
finding-completed-below = L'action { $id } est terminée, mais son avancement est de { $progress }.

# $id: the action; $progress: its progress, formatted with %
finding-not-started-above = L'action { $id } n'a pas commencé, mais son avancement est de { $progress }.

# $id: the action; $due, $start: its due and start dates, formatted
finding-due-before-start = L'échéance de l'action { $id } ({ $due }) précède sa date de début ({ $start }).

# $id: the action; $due: its due date, formatted; $year: the report year
finding-due-passed = L'action { $id } devait être terminée le { $due } et ne l'est pas fin { $year }.

# $id: the action; $kind: "spent" or "planned", the negative amount
finding-negative-budget =
    L'action { $id } a un budget { $kind ->
        [spent] dépensé
       *[planned] prévu
    } négatif.

# $id: the action; $spent, $planned: the amounts, formatted with the currency
finding-over-spent = L'action { $id } a dépensé { $spent } pour un budget prévu de { $planned }.

# $id: the action; $status: its status (status-*), in lower case
finding-no-comment = L'action { $id } est « { $status } » sans commentaire.

## The workbook `koers sheets` writes for each unit. Sheet names: at most
## 31 characters, none of : \ / ? * [ ].

sheet-instructions-name = Instructions
# $year: the year of the operational plan
sheet-actions-name = Actions { $year }
sheet-objectives-name = Objectifs
# $year: the year of the operational plan
sheet-indicators-name = Indicateurs { $year }
# $year: the year; $unit: the unit's name
sheet-title = Plan opérationnel { $year } — { $unit }
# $year: the year; $previous: the year before; $actions, $objectives: sheet names
sheet-instructions =
    Complétez la feuille « { $actions } » : une ligne par action de votre direction en { $year }.
    Les lignes avec un id sont déjà là : les actions de { $previous } qui n'étaient pas terminées. Mettez à jour leur statut et leur progression et écrivez un nouveau commentaire ; leurs dates et budgets y sont déjà (modifiez-les s'ils ont changé), le commentaire de { $previous } est à côté, pour lecture. Si une action est arrêtée, choisissez le statut « annulé » : la ligne reste.
    Ajoutez les nouvelles actions sous les lignes existantes, chacune avec un id nouveau et unique.
    Objectif : choisissez un id dans la liste ; la feuille « { $objectives } » dit ce qu'est chaque id.
    Statut : choisissez dans la liste. Progression : un pourcentage de 0 % à 100 %.
    Les dates comme date (31/12/{ $year }), les budgets comme montant en euros.
    Commentaire : expliquez chaque retard et chaque risque, dans chaque langue que vous pouvez.
    Ne modifiez pas les en-têtes et n'ajoutez pas de ligne de total : Koers calcule lui-même tous les totaux.
# The instructions' line about the indicators sheet, when the workbook has one. $indicators: its sheet name
sheet-instructions-indicators = Indicateurs : sur la feuille « { $indicators } », indiquez la valeur mesurée (Réalisé) et un commentaire ; la valeur de référence et la cible y sont pour information.
sheet-list-help = Choisissez dans la liste.
sheet-progress-help = Un pourcentage de 0 % à 100 %.

## Sentences with a count: singular and plural chosen by the count.
## $count: the number (for the choice); $number: it as the report writes it

count-attention-more = { $count ->
        [one] … et { $number } autre action à risque ou en retard. Toutes les actions figurent dans les rapports par direction.
       *[other] … et { $number } autres actions à risque ou en retard. Toutes les actions figurent dans les rapports par direction.
    }
count-actions-in-unit-reports = { $count ->
        [one] Cette année compte { $number } action : ce rapport présente les objectifs et leurs chiffres, et laisse les listes d'actions aux rapports par direction.
       *[other] Cette année compte { $number } actions : ce rapport présente les objectifs et leurs chiffres, et laisse les listes d'actions aux rapports par direction.
    }
count-actions = { $count ->
        [one] { $number } action
       *[other] { $number } actions
    }

## The budget per priority, when the priorities' amounts do not add up to the total.
## $sum: the priorities' planned amounts together; $total: all actions'; $twice: the difference
budget-priorities-overlap = Un objectif stratégique qui sert plusieurs priorités compte sous chacune : ensemble, les priorités totalisent { $sum } prévus, le total de toutes les actions est de { $total } ({ $twice } comptés plus d'une fois).
budget-priorities-outside = Ensemble, les priorités totalisent { $sum } prévus, le total de toutes les actions est de { $total } : { $twice } ne relèvent d'aucune priorité.

## A long comment cut in the summary's attention list: where the whole comment is.
## $objective: the action's objective id; $unit: the unit's id
comment-continued-here = suite sous l'objectif { $objective }
comment-continued-unit = suite dans le rapport de { $unit }

# Whose word the signing time of a signed approval is ($stamp: time and authority)
time-timestamped = horodatage { $stamp }
time-claimed = heure selon l’horloge du signataire (sans horodatage)
time-timestamped-unnamed = horodatage { $stamp }, par un service que le plan ne nomme pas
