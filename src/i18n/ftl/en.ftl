### Koers: the fixed wording of the reports, English edition (en).
###
### An organisation can override any message of this file by putting a
### file i18n/en.ftl in its template folder. That file holds only the
### messages it changes, with the same ids and the same placeholders
### ($id, $year, ...) as here; any other id, a different set of
### placeholders or a syntax error is refused when the report is built.
###
### Numbers, dates, amounts and percentages reach these messages already
### formatted for the language. A literal brace is written {"{"} and {"}"}.


## Labels: the report template receives them by id.

annual_report = Annual report
progress_report = Progress report
operational_plan = Operational plan
scope = Scope
whole_organisation = Whole organisation
unit_scope_note = This report covers only this unit's actions.
as_of = Status as of
draft = DRAFT
final = FINAL
contents = Contents
summary = Executive summary
foreword = Foreword
objectives = Objectives
objective_level = Objective
figures_note = The same figures as in this year’s progress reports (PDF), rounded the same way; the calculation rules are below.
overall_progress = Overall progress
overall_progress_note = Mean progress of all actions, cancelled actions excluded.
actions = Actions
action = Action
actions_by_status = Actions by status
progress_by_priority = Progress by priority
attention = Actions needing attention
no_attention = No actions at risk or delayed.
budget = Budget
budget_planned = Planned
budget_spent = Spent
units = Units
unit = Unit
framework = The strategic framework
mission = Mission
values = Values
vision = Vision
priorities = Strategic priorities
priority = Priority
strategic_objective = Strategic objective
operational_objective = Operational objective
signed_on = Signed on
signatories = Signatories
progress_details = Progress by objective
id = Id
title = Title
status = Status
progress = Progress
due = Due
comment = Comment
no_actions = No actions this year.
direct_actions = Actions directly under this strategic objective
lead_unit = Lead unit
page = Page
of = of
illustrative = Sample data
generated_by = Made with Koers
signoff = Sign-off
signoff_intro = This report becomes final when every approver below has approved the data it is based on.
approver = Approver
role = Role
approval = Approval
approval_pending = Not yet approved
rag = RAG
kpis = Indicators
kpi = Indicator
no_kpis = No indicators in this scope.
measure = Measure
baseline = Baseline
target = Target
actual = Actual
trend = Trend
direction = Direction
at_risk = At risk
delayed = Delayed
unit_comparison = Units compared
budget_by_priority = Budget by priority
chart_budget_alt = Bar chart of planned and spent budget by priority
chart_trend_alt = Trend of indicator
chart_history_alt = Progress by priority and year
progress_over_years = Progress over the years
year = Year
completed = Completed
plan_period = Closing the plan
plan_period_intro = This last annual report closes the strategic plan. Below is the evolution over the whole plan period.
annexes = Annexes
quality_annex = Data quality
quality_intro = Remarks from the check of this year's data in this scope. They make no figure wrong but deserve attention.
no_quality = No warnings.
place = Place
message = Message
rules_annex = How the figures are computed
rule_progress = The progress of a group of actions (objective, priority, unit, organisation) is the mean progress of its actions, cancelled actions left out, rounded half away from zero to one decimal.
rule_kpi = An indicator is green when its actual value meets the target in the desired direction, amber when it misses the target by at most {"{"}tol{"}"}% of the target, and red beyond. Without a target or an actual value it is not rated.
rule_group = A group of actions is green when at most {"{"}amber{"}"}% of its non-cancelled actions are at risk or delayed, amber up to and including {"{"}red{"}"}%, and red above.
rule_budget = Budgets are the sums of the actions' planned and spent amounts, rounded to the euro.
rule_budget_priority = Budget per priority: an action counts under every priority its strategic objective serves; when it serves several, the amounts per priority add up to more than the total, and the report says by how much.
web_skip = Skip to the content
web_pdf = Download the PDF, the archival copy of this report
web_table = The figures as a table
web_filter = Filter the actions
web_all = All
web_computed = How this figure is computed
web_shown = actions shown
web_sort_hint = Select a column header to sort by that column.
sources_annex = Sources
sources_intro = The input files this report is based on, with their size and SHA-256 fingerprint. Changing a single byte changes the fingerprint.
file = File
size = Size (bytes)
signoff_final = Every approver has approved the data of this report: the report is final. Each approval holds for the fingerprint below, which covers every input file and the template.
signoff_draft = This report is a draft. It becomes final when every approver below has approved the current data (with the fingerprint below).
fingerprint = Data fingerprint
approved_fingerprint = approved fingerprint
date = Date
template_used = Template
attachments_note = The input files and the approvals are attached to this PDF file.
chart_progress_alt = Bar chart of progress by priority
chart_status_alt = Distribution of actions by status
missing_translations = Missing translations
missing_translations_intro = Texts the units did not provide in English. The report then shows the text in another language, with its language code before it (NL, for instance).
kpi_texts = Indicator texts
signoff_recorded = The approvals of this plan are recorded names, not signatures: who approved and when is not cryptographically proven.
signed_by = Signed by
colon = :
attention_more = … and {"{"}count{"}"} more actions at risk or delayed. Every action is listed in the unit reports.
attention_order = Most urgent first: delayed before at risk, then the longest overdue, then the least progress.
actions_in_unit_reports = This year has {"{"}count{"}"} actions: this report shows the objectives with their figures and leaves the action lists to the unit reports.
count = Count
examples = Examples
findings_attached = The full list, with file and line, is attached to this PDF as {"{"}file{"}"}.
field = Field


## Action statuses.

status-not_started = Not started
status-on_track = On track
status-at_risk = At risk
status-delayed = Delayed
status-completed = Completed
status-cancelled = Cancelled


## The word for a red/amber/green rating, so it is never shown by colour alone.

rag-green = Green
rag-amber = Amber
rag-red = Red


## Standing of an approver's approval.

standing-valid = Approved
standing-stale = Stale: approved for other data
standing-invalid = Invalid: the signature does not hold
standing-missing = Not yet approved


## An indicator's desired direction.

direction-higher = higher is better
direction-lower = lower is better


## Language names, as they stand inside the finding sentences ($lang, $shown).

language-nl = Dutch
language-fr = French
language-de = German
language-en = English


## Data-quality findings, listed in the quality annex.

# $id: the action; $lang: the language without a title; $shown: the language whose title is shown (both from language-*)
finding-title-missing = Action { $id } has no title in { $lang }; the { $shown } title is shown.

# $id: the indicator
finding-no-target = Indicator { $id } has no target, so it cannot be rated.

# $objective: the operational objective; $year: the report year
finding-no-action = Operational objective { $objective } has no action in { $year }.

# $id: the action; $progress: its progress, formatted with %
finding-completed-below = Action { $id } is completed but its progress is { $progress }.

# $id: the action; $progress: its progress, formatted with %
finding-not-started-above = Action { $id } has not started but its progress is { $progress }.

# $id: the action; $due, $start: its due and start dates, formatted
finding-due-before-start = Action { $id } is due ({ $due }) before it starts ({ $start }).

# $id: the action; $due: its due date, formatted; $year: the report year
finding-due-passed = Action { $id } was due on { $due } and is not completed at the end of { $year }.

# $id: the action; $kind: "spent" or "planned", the negative amount
finding-negative-budget =
    Action { $id } has a negative { $kind ->
        [spent] spent
       *[planned] planned
    } budget.

# $id: the action; $spent, $planned: the amounts, formatted with the currency
finding-over-spent = Action { $id } spent { $spent } of a planned { $planned }.

# $id: the action; $status: its status (status-*), in lower case
finding-no-comment = Action { $id } is { $status } without a comment explaining why.

## The workbook `koers sheets` writes for each unit. Sheet names: at most
## 31 characters, none of : \ / ? * [ ].

sheet-instructions-name = Instructions
# $year: the year of the operational plan
sheet-actions-name = Actions { $year }
sheet-objectives-name = Objectives
# $year: the year of the operational plan
sheet-indicators-name = Indicators { $year }
# $year: the year; $unit: the unit's name
sheet-title = Operational plan { $year } — { $unit }
# $year: the year; $previous: the year before; $actions, $objectives: sheet names
sheet-instructions =
    Fill in the sheet “{ $actions }”: one row per action of your unit in { $year }.
    The rows with an id are already there: the actions of { $previous } that were not completed. Update their status and progress and write a new comment; their dates and budgets are already there (change them if they changed), and the comment of { $previous } is beside it, to read. If an action is stopped, choose the status “cancelled”: the row stays.
    Add new actions below the existing rows, each with a new, unique id.
    Objective: pick an id from the list; the sheet “{ $objectives }” says what each id is.
    Status: pick from the list. Progress: a percentage from 0% to 100%.
    Dates as dates (31/12/{ $year }), budgets as amounts in euro.
    Comment: explain every delay and every risk, in every language you can.
    Do not change the column headers and do not add a totals row: Koers computes every total itself.
# The instructions' line about the indicators sheet, when the workbook has one. $indicators: its sheet name
sheet-instructions-indicators = Indicators: on the sheet “{ $indicators }”, fill in the measured value (Actual) and a comment; baseline and target are there for reference.
sheet-list-help = Choose from the list.
sheet-progress-help = A percentage from 0% to 100%.

## Sentences with a count: singular and plural chosen by the count.
## $count: the number (for the choice); $number: it as the report writes it

count-attention-more = { $count ->
        [one] … and { $number } more action at risk or delayed. Every action is listed in the unit reports.
       *[other] … and { $number } more actions at risk or delayed. Every action is listed in the unit reports.
    }
count-actions-in-unit-reports = { $count ->
        [one] This year has { $number } action: this report shows the objectives with their figures and leaves the action lists to the unit reports.
       *[other] This year has { $number } actions: this report shows the objectives with their figures and leaves the action lists to the unit reports.
    }
count-actions = { $count ->
        [one] { $number } action
       *[other] { $number } actions
    }

## The budget per priority, when the priorities' amounts do not add up to the total.
## $sum: the priorities' planned amounts together; $total: all actions'; $twice: the difference
budget-priorities-overlap = A strategic objective that serves several priorities counts under each: together the priorities come to { $sum } planned, against { $total } for all actions ({ $twice } counted more than once).
budget-priorities-outside = Together the priorities come to { $sum } planned, against { $total } for all actions: { $twice } is under no priority.

## A long comment cut in the summary's attention list: where the whole comment is.
## $objective: the action's objective id; $unit: the unit's id
comment-continued-here = continued under objective { $objective }
comment-continued-unit = continued in the { $unit } report

# Whose word the signing time of a signed approval is ($stamp: time and authority)
time-timestamped = timestamp { $stamp }
time-claimed = time by the signer’s own clock (no timestamp)
time-timestamped-unnamed = timestamp { $stamp }, by an authority the plan does not name
