#!/usr/bin/env python3
"""Generate a large, realistic Koers inputs folder for benchmarking.

Why: the sample plan in inputs/ has about 120 actions a year; this script
writes a plan of the same shape (7 units, 5 priorities, strategic and
operational objectives, ~100 KPIs) with thousands of actions per year, so the
cost of `koers check` / `koers build` on a big organisation can be measured.
The data is synthetic but follows the sample's format exactly (framework.toml,
one folder per year with actions.csv and indicators.csv, the same columns and
status words), plus a `comment_fr` column so comments exist in both languages.

Run (Python 3 standard library only; deterministic for a given seed):

    python3 benches/gen.py OUTDIR [--actions 10000] [--years 2022,2023,2024] [--seed 1]
    target/release/koers check --inputs OUTDIR

`--split` writes one actions-<UNIT>.csv per unit and year instead of a single
actions.csv (the sample uses one file per year). OUTDIR is created; an existing
OUTDIR is only overwritten when it holds nothing but earlier output of this
script.
"""

import argparse
import calendar
import csv
import math
import os
import random
import shutil
import sys

# ---------------------------------------------------------------------------
# Fixed vocabulary (Dutch, French)
# ---------------------------------------------------------------------------

UNITS = [
    # id, nl, fr, en, share of the actions
    ("DVZ", "Dienst Vreemdelingenzaken", "Office des Étrangers", "Immigration Office", 0.20),
    ("CS", "Algemene Directie Civiele Veiligheid", "Direction générale Sécurité civile",
     "Directorate-General Civil Security", 0.12),
    ("NCCN", "Nationaal Crisiscentrum", "Centre de crise National", "National Crisis Centre", 0.09),
    ("VP", "Algemene Directie Veiligheid en Preventie", "Direction générale Sécurité et Prévention",
     "Directorate-General Security and Prevention", 0.12),
    ("IB", "Algemene Directie Instellingen en Bevolking", "Direction générale Institutions et Population",
     "Directorate-General Institutions and Population", 0.15),
    ("DIO", "Algemene Directie Digitale Innovatie en Oplossingen",
     "Direction générale Innovation et Solutions digitales",
     "Directorate-General Digital Innovation and Solutions", 0.16),
    ("STAF", "Stafdiensten", "Services d'encadrement", "Staff services", 0.16),
]

PRIORITIES = [
    ("P1", "Een klantgerichte moderne dienstverlening", "Un service moderne orienté client",
     "A modern, customer-oriented service"),
    ("P2", "Doeltreffende partnerschappen", "Des partenariats efficaces", "Effective partnerships"),
    ("P3", "Datagedreven werken", "Un travail axé sur les données", "Data-driven working"),
    ("P4", "Een organisatie op maat van de medewerkers", "Une organisation à la mesure des collaborateurs",
     "An organisation tailored to its staff"),
    ("P5", "Een referentiepunt zijn", "Être un point de référence", "Being a point of reference"),
]

# Strategic objectives: (priorities, nl, fr); ids SD<p>.<k> by first priority.
STRATEGIC = [
    (["P1"], "Een digitale en toegankelijke dienstverlening aan burgers en besturen uitbouwen",
     "Développer des services numériques et accessibles aux citoyens et aux administrations"),
    (["P1"], "De behandelingstermijnen verkorten en de kwaliteit van de dossierbehandeling verhogen",
     "Réduire les délais de traitement et améliorer la qualité du traitement des dossiers"),
    (["P1"], "De toegankelijkheid van de dienstverlening voor kwetsbare doelgroepen verbeteren",
     "Améliorer l'accessibilité des services pour les publics vulnérables"),
    (["P1", "P3"], "Het only-onceprincipe toepassen in alle processen",
     "Appliquer le principe « only once » dans tous les processus"),
    (["P2"], "De samenwerking met de veiligheids- en hulpverleningspartners versterken",
     "Renforcer la collaboration avec les partenaires de la sécurité et des secours"),
    (["P2"], "De partnerschappen met de lokale besturen, de federale diensten en de internationale partners versterken",
     "Renforcer les partenariats avec les pouvoirs locaux, les services fédéraux et les partenaires internationaux"),
    (["P2"], "De samenwerking met de deelstaten structureren",
     "Structurer la coopération avec les entités fédérées"),
    (["P2", "P5"], "De Belgische inbreng in Europese en internationale fora versterken",
     "Renforcer l'apport belge dans les forums européens et internationaux"),
    (["P3"], "Gegevens beheren en delen als strategische hulpbron",
     "Gérer et partager les données en tant que ressource stratégique"),
    (["P3", "P5"], "Beleid en operaties sturen op basis van betrouwbare informatie en analyses",
     "Piloter les politiques et les opérations sur la base d'informations et d'analyses fiables"),
    (["P3"], "Open data beschikbaar stellen aan burgers, onderzoekers en ondernemingen",
     "Mettre des données ouvertes à la disposition des citoyens, des chercheurs et des entreprises"),
    (["P4"], "Talent aantrekken, ontwikkelen en behouden", "Attirer, développer et fidéliser les talents"),
    (["P4"], "Een moderne, veilige en duurzame werkomgeving bieden",
     "Offrir un environnement de travail moderne, sûr et durable"),
    (["P4"], "Een cultuur van vertrouwen, autonomie en resultaatgericht werken bevorderen",
     "Promouvoir une culture de confiance, d'autonomie et de travail axé sur les résultats"),
    (["P4"], "Diversiteit en inclusie in alle geledingen van de FOD bevorderen",
     "Promouvoir la diversité et l'inclusion à tous les niveaux du SPF"),
    (["P5"], "Het expertisecentrum zijn voor crisisbeheer, civiele veiligheid en preventie",
     "Être le centre d'expertise en matière de gestion de crise, de sécurité civile et de prévention"),
    (["P5", "P1"], "De democratische processen en de identiteitsketen betrouwbaar waarborgen",
     "Garantir de manière fiable les processus démocratiques et la chaîne de l'identité"),
    (["P5"], "Kennis en expertise delen met de partners en het brede publiek",
     "Partager les connaissances et l'expertise avec les partenaires et le grand public"),
]

# What each unit works on: (nl with article, fr with article).
OBJECTS = {
    "DVZ": [
        ("de verblijfsaanvragen", "les demandes de séjour"),
        ("de visumaanvragen voor lang verblijf", "les demandes de visa de long séjour"),
        ("het terugkeerbeleid", "la politique de retour"),
        ("de gesloten centra", "les centres fermés"),
        ("de registratie van verzoeken om internationale bescherming",
         "l'enregistrement des demandes de protection internationale"),
        ("de dossiers gezinshereniging", "les dossiers de regroupement familial"),
        ("het dossierbeheersysteem Evibel", "le système de gestion des dossiers Evibel"),
        ("de grenscontroles", "les contrôles aux frontières"),
        ("de gecombineerde vergunningen", "les permis uniques"),
        ("het onthaal aan de loketten", "l'accueil aux guichets"),
    ],
    "CS": [
        ("de hulpverleningszones", "les zones de secours"),
        ("de Civiele Bescherming", "la Protection civile"),
        ("de brandpreventie", "la prévention incendie"),
        ("het opleidingsaanbod voor brandweerlieden", "l'offre de formation des pompiers"),
        ("de noodcentrales 112", "les centrales d'urgence 112"),
        ("het interventiematerieel", "le matériel d'intervention"),
        ("de federale dotaties aan de zones", "les dotations fédérales aux zones"),
        ("de bestrijding van natuurbranden", "la lutte contre les feux de végétation"),
        ("de operationele eenheden", "les unités opérationnelles"),
    ],
    "NCCN": [
        ("de nationale noodplanning", "la planification d'urgence nationale"),
        ("het alarmeringssysteem BE-Alert", "le système d'alerte BE-Alert"),
        ("de crisiscommunicatie", "la communication de crise"),
        ("de beveiliging van grote evenementen", "la sécurisation des grands événements"),
        ("de bescherming van kritieke infrastructuur", "la protection des infrastructures critiques"),
        ("het nucleair noodplan", "le plan d'urgence nucléaire"),
        ("de permanentie van het crisiscentrum", "la permanence du centre de crise"),
        ("de dreigingsanalyses", "les analyses de la menace"),
        ("de bescherming van personen", "la protection des personnes"),
    ],
    "VP": [
        ("de private veiligheidssector", "le secteur de la sécurité privée"),
        ("de strategische veiligheids- en preventieplannen", "les plans stratégiques de sécurité et de prévention"),
        ("de voetbalwet", "la loi football"),
        ("de bestuurlijke aanpak", "l'approche administrative"),
        ("de lokale integrale veiligheid", "la sécurité intégrale locale"),
        ("de preventie van radicalisering", "la prévention de la radicalisation"),
        ("het centraal wapenregister", "le registre central des armes"),
        ("de camerawetgeving", "la législation sur les caméras"),
    ],
    "IB": [
        ("het Rijksregister", "le Registre national"),
        ("de elektronische identiteitskaart", "la carte d'identité électronique"),
        ("de bevolkingsregisters", "les registres de la population"),
        ("de verkiezingen", "les élections"),
        ("de databank van de akten van de burgerlijke stand", "la banque de données des actes de l'état civil"),
        ("de toepassing Mijn Dossier", "l'application Mon Dossier"),
        ("de Kids-ID", "la Kids-ID"),
        ("het elektronisch stemmen", "le vote électronique"),
        ("de kiezerslijsten", "les listes d'électeurs"),
    ],
    "DIO": [
        ("de digitale werkplek", "le poste de travail numérique"),
        ("het datacenter", "le centre de données"),
        ("de cyberbeveiliging", "la cybersécurité"),
        ("de datacatalogus", "le catalogue de données"),
        ("het netwerk van de FOD", "le réseau du SPF"),
        ("de migratie naar de cloud", "la migration vers le cloud"),
        ("het toegangsbeheer", "la gestion des accès"),
        ("de servicedesk", "le service desk"),
        ("de applicatieportefeuille", "le portefeuille d'applications"),
    ],
    "STAF": [
        ("de selectieprocedures", "les procédures de sélection"),
        ("het opleidingsbeleid", "la politique de formation"),
        ("het gebouwenpark", "le parc immobilier"),
        ("de overheidsopdrachten", "les marchés publics"),
        ("de begrotingsopmaak", "l'élaboration du budget"),
        ("het welzijn op het werk", "le bien-être au travail"),
        ("de interne audit", "l'audit interne"),
        ("de interne communicatie", "la communication interne"),
        ("het integriteitsbeleid", "la politique d'intégrité"),
        ("de boekhouding", "la comptabilité"),
    ],
}

# Operational objective titles: "<object> <verb>" / "<Verbe> <objet>".
OD_VERBS = [
    ("digitaliseren", "Numériser"), ("vereenvoudigen", "Simplifier"), ("moderniseren", "Moderniser"),
    ("versterken", "Renforcer"), ("beter opvolgen", "Mieux suivre"), ("herzien", "Réviser"),
    ("optimaliseren", "Optimiser"), ("beveiligen", "Sécuriser"), ("professionaliseren", "Professionnaliser"),
    ("toekomstbestendig maken", "Pérenniser"), ("harmoniseren", "Harmoniser"),
    ("evalueren en bijsturen", "Évaluer et réorienter"),
]

# Action titles: "<noun> van <object>" / "<Nom> de <objet>".
ACTION_NOUNS = [
    ("Digitalisering", "Numérisation"), ("Evaluatie", "Évaluation"), ("Herziening", "Révision"),
    ("Modernisering", "Modernisation"), ("Opvolging", "Suivi"), ("Versterking", "Renforcement"),
    ("Vereenvoudiging", "Simplification"), ("Uitrol van een nieuwe toepassing voor het beheer",
                                            "Déploiement d'une nouvelle application pour la gestion"),
    ("Audit", "Audit"), ("Optimalisering", "Optimisation"), ("Harmonisering", "Harmonisation"),
    ("Automatisering", "Automatisation"), ("Actualisering", "Actualisation"), ("Beveiliging", "Sécurisation"),
    ("Documentatie", "Documentation"), ("Herstructurering", "Restructuration"),
    ("Pilootproject voor de digitalisering", "Projet pilote de numérisation"),
    ("Kwaliteitscontrole", "Contrôle de qualité"), ("Impactanalyse", "Analyse d'impact"),
    ("Opmaak van een actieplan voor de verbetering", "Élaboration d'un plan d'action pour l'amélioration"),
    ("Overheidsopdracht voor de ondersteuning", "Marché public pour le soutien"),
    ("Vervanging van het informaticasysteem voor het beheer",
     "Remplacement du système informatique de gestion"),
]

QUALIFIERS = [
    ("in samenwerking met de gemeenten", "en collaboration avec les communes"),
    ("in het Brussels Hoofdstedelijk Gewest", "en Région de Bruxelles-Capitale"),
    ("(fase 2)", "(phase 2)"), ("(fase 3)", "(phase 3)"),
    ("voor de provincie Luik", "pour la province de Liège"),
    ("voor de provincie Antwerpen", "pour la province d'Anvers"),
    ("in het kader van het herstelplan", "dans le cadre du plan de relance"),
    ("met Europese cofinanciering", "avec un cofinancement européen"),
    ("volgens de aanbevelingen van het Rekenhof", "selon les recommandations de la Cour des comptes"),
    ("voor de buitendiensten", "pour les services extérieurs"),
    ("in overleg met de sociale partners", "en concertation avec les partenaires sociaux"),
]

PARTNERS = [
    ("de gemeenten", "les communes"), ("de hulpverleningszones", "les zones de secours"),
    ("de politiezones", "les zones de police"), ("de FOD BOSA", "le SPF BOSA"),
    ("de Inspectie van Financiën", "l'Inspection des Finances"), ("de leverancier", "le fournisseur"),
    ("het directiecomité", "le comité de direction"), ("de Regie der Gebouwen", "la Régie des Bâtiments"),
    ("de gewesten", "les régions"), ("Fedasil", "Fedasil"), ("de Europese Commissie", "la Commission européenne"),
    ("de provinciegouverneurs", "les gouverneurs de province"), ("de vakbonden", "les organisations syndicales"),
    ("de Gegevensbeschermingsautoriteit", "l'Autorité de protection des données"),
    ("het kabinet van de Minister", "le cabinet de la Ministre"), ("Smals", "Smals"),
]

SYSTEMS = ["Evibel", "BELPIC", "Checkdoc", "SIS II", "ISLP", "BE-Alert", "Mercurius", "Fedcom", "Persopoint"]

MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
             "oktober", "november", "december"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]

# Comment sentences per status; slots are filled with the same values in both languages.
C_ON_TRACK = [
    ("Werkzaamheden verlopen volgens planning; volgende mijlpaal in {m}.",
     "Les travaux se déroulent comme prévu ; prochain jalon en {m}."),
    ("Bestek gepubliceerd op {d}; {n} offertes ontvangen.", "Cahier des charges publié le {d} ; {n} offres reçues."),
    ("De stuurgroep kwam {n} keer samen; de prioriteiten voor {y1} zijn vastgelegd.",
     "Le comité de pilotage s'est réuni {n} fois ; les priorités pour {y1} sont fixées."),
    ("Overleg met {p} loopt; een akkoord wordt verwacht tegen {m}.",
     "La concertation avec {pf} est en cours ; un accord est attendu pour {m}."),
    ("Eerste fase opgeleverd; {pct}% van de gebruikers werkt al met de nieuwe toepassing.",
     "Première phase livrée ; {pct} % des utilisateurs travaillent déjà avec la nouvelle application."),
    ("Pilootproject in {n} gemeenten gestart.", "Projet pilote lancé dans {n} communes."),
    ("{n2} medewerkers opgeleid in de nieuwe procedure.", "{n2} collaborateurs formés à la nouvelle procédure."),
    ("Samenwerkingsakkoord met {p} ondertekend op {d}.", "Accord de coopération signé avec {pf} le {d}."),
    ("Functionele analyse afgerond; de ontwikkeling start in {m}.",
     "Analyse fonctionnelle terminée ; le développement démarre en {m}."),
    ("Budget van {amt} vastgelegd.", "Budget de {amtf} engagé."),
    ("Tussentijdse evaluatie positief; geen bijsturing nodig.",
     "Évaluation intermédiaire positive ; aucun ajustement nécessaire."),
    ("Gegevens van {n3} dossiers gemigreerd naar het nieuwe systeem.",
     "Données de {n3f} dossiers migrées vers le nouveau système."),
    ("Koppeling met {sys} getest en goedgekeurd.", "Interfaçage avec {sys} testé et approuvé."),
]
C_AT_RISK = [
    ("Leverancier levert niet op tijd; ingebrekestelling verstuurd op {d}.",
     "Le fournisseur ne livre pas dans les délais ; mise en demeure envoyée le {d}."),
    ("Onvoldoende personeel: {n} vacatures nog niet ingevuld.",
     "Personnel insuffisant : {n} postes vacants pas encore pourvus."),
    ("Wacht op een beslissing van {p}.", "En attente d'une décision ; instance concernée : {pf}."),
    ("Budgettaire onzekerheid na de begrotingscontrole; mogelijk uitstel tot {y1}.",
     "Incertitude budgétaire après le contrôle budgétaire ; report possible jusqu'en {y1}."),
    ("Technische problemen bij de koppeling met {sys}; oplossing in onderzoek.",
     "Problèmes techniques lors de l'interfaçage avec {sys} ; solution à l'étude."),
    ("Het advies van {p} vraagt aanpassingen aan het ontwerp.",
     "L'avis rendu par {pf} exige des adaptations du projet."),
    ("Risico op vertraging door de hoge instroom van dossiers ({n3} per maand).",
     "Risque de retard dû à l'afflux élevé de dossiers ({n3f} par mois)."),
    ("De leverancier heeft een versie geleverd die niet aan het bestek voldoet; de acceptatietests moeten opnieuw.",
     "Le fournisseur a livré une version non conforme au cahier des charges ; les tests de réception doivent être refaits."),
]
C_DELAYED = [
    ("Vertraging van {k} maanden door de herziening van het bestek.",
     "Retard de {k} mois dû à la révision du cahier des charges."),
    ("Gunning uitgesteld na een beroep bij de Raad van State.",
     "Attribution reportée à la suite d'un recours au Conseil d'État."),
    ("Nieuwe planning goedgekeurd door het directiecomité op {d}.",
     "Nouveau calendrier approuvé par le comité de direction le {d}."),
    ("Prioriteit gegeven aan het crisisbeheer; hervatting voorzien in {m}.",
     "Priorité donnée à la gestion de crise ; reprise prévue en {m}."),
    ("De wettelijke basis is nog niet gepubliceerd in het Belgisch Staatsblad.",
     "La base légale n'est pas encore publiée au Moniteur belge."),
    ("Levering van het materieel uitgesteld tot {m}.", "Livraison du matériel reportée à {m}."),
    ("Projectleider vertrokken in {m0}; de opvolging is pas sinds kort opnieuw verzekerd.",
     "Le chef de projet est parti en {m0} ; le suivi n'est assuré à nouveau que depuis peu."),
]
C_COMPLETED = [
    ("Afgerond vóór de deadline.", "Terminé avant l'échéance."),
    ("Opgeleverd op {d} en geëvalueerd; resultaten voorgesteld aan het directiecomité.",
     "Livré le {d} et évalué ; résultats présentés au comité de direction."),
    ("Afgerond binnen budget; eindrapport beschikbaar op het intranet.",
     "Terminé dans le respect du budget ; rapport final disponible sur l'intranet."),
    ("In productie sinds {d}; {n2} gebruikers.", "En production depuis le {d} ; {n2} utilisateurs."),
    ("Afgerond met {k} maanden vertraging.", "Terminé avec {k} mois de retard."),
    ("Doel bereikt: {pct}% van de dossiers wordt nu digitaal behandeld.",
     "Objectif atteint : {pct} % des dossiers sont désormais traités numériquement."),
]
C_NOT_STARTED = [
    ("Start voorzien in {m}.", "Démarrage prévu en {m}."),
    ("Wacht op de goedkeuring van het budget.", "En attente de l'approbation du budget."),
    ("Start afhankelijk van de oplevering van een ander project.",
     "Démarrage subordonné à la livraison d'un autre projet."),
    ("Uitgesteld naar {y1} wegens gebrek aan middelen.", "Reporté à {y1} faute de moyens."),
]
C_CANCELLED = [
    ("Geschrapt na herziening van de prioriteiten.", "Supprimé après révision des priorités."),
    ("Opgenomen in actie {other}.", "Intégré à l'action {other}."),
    ("Geannuleerd: de wetgever koos voor een andere aanpak.",
     "Annulé : le législateur a opté pour une autre approche."),
    ("Niet langer nodig na de reorganisatie van de dienst.",
     "Plus nécessaire après la réorganisation du service."),
]
C_FILLER = [
    ("Het project omvat {n} deelprojecten, elk met een eigen projectleider.",
     "Le projet comprend {n} sous-projets, chacun avec son propre chef de projet."),
    ("De gebruikers werden betrokken via workshops en een bevraging.",
     "Les utilisateurs ont été associés par le biais d'ateliers et d'une enquête."),
    ("Er werd een risicoanalyse uitgevoerd en de mitigerende maatregelen worden maandelijks opgevolgd.",
     "Une analyse de risques a été réalisée et les mesures d'atténuation sont suivies mensuellement."),
    ("De juridische dienst bevestigde de conformiteit met de AVG.",
     "Le service juridique a confirmé la conformité au RGPD."),
    ("Het projectteam telt {n} VTE, waarvan {k0} externe consultants.",
     "L'équipe de projet compte {n} ETP, dont {k0} consultants externes."),
    ("Een communicatieplan voor de partners is in voorbereiding.",
     "Un plan de communication à destination des partenaires est en préparation."),
    ("De overheidsopdracht werd gegund aan de economisch meest voordelige offerte.",
     "Le marché public a été attribué à l'offre économiquement la plus avantageuse."),
    ("De rapportering aan de Minister gebeurt elk kwartaal.",
     "Le rapportage à la Ministre a lieu chaque trimestre."),
    ("De licentiekosten bedragen {amt} per jaar.", "Les coûts de licence s'élèvent à {amtf} par an."),
    ("Zie ook de nota aan het directiecomité van {d}.", "Voir aussi la note au comité de direction du {d}."),
    ("Een externe audit bevestigde de aanpak, met {n} aanbevelingen.",
     "Un audit externe a confirmé l'approche, avec {n} recommandations."),
    ('De opvolging gebeurt via het project "{code}" in de portfoliotool.',
     "Le suivi se fait via le projet « {code} » dans l'outil de gestion de portefeuille."),
    ("De samenwerking met {p} verloopt constructief.", "La collaboration avec {pf} se déroule de manière constructive."),
    ("Bijkomende interimkrachten ingezet sinds {m0}.", "Intérimaires supplémentaires engagés depuis {m0}."),
]
STATUS_COMMENTS = {
    "on_track": C_ON_TRACK, "at_risk": C_AT_RISK, "delayed": C_DELAYED,
    "completed": C_COMPLETED, "not_started": C_NOT_STARTED, "cancelled": C_CANCELLED,
}

STATUS_MIX = [("on_track", 44), ("completed", 31), ("delayed", 9), ("at_risk", 8),
              ("not_started", 4), ("cancelled", 4)]

# KPI templates: (nl, fr, measure nl, measure fr, direction, baseline range, improvement, decimals, cap)
KPI_TEMPLATES = [
    ("Gemiddelde behandelingstermijn voor {o}", "Délai moyen de traitement pour {of}",
     "dagen", "jours", "lower", (20, 200), 0.35, 0, None),
    ("Aandeel digitaal afgehandelde dossiers voor {o}", "Part des dossiers traités numériquement pour {of}",
     "%", "%", "higher", (10, 60), 0.8, 1, 99.5),
    ("Tevredenheid van de gebruikers over {o}", "Satisfaction des usagers concernant {of}",
     "score /10", "score /10", "higher", (5.5, 7.5), 0.12, 1, 10),
    ("Aantal afgehandelde dossiers voor {o}", "Nombre de dossiers traités pour {of}",
     "aantal", "nombre", "higher", (2000, 2500000), 0.25, 0, None),
    ("Achterstand voor {o}", "Arriéré pour {of}", "dossiers", "dossiers", "lower", (500, 40000), 0.5, 0, None),
    ("Aandeel tijdig beantwoorde klachten over {o}", "Part des plaintes traitées dans les délais concernant {of}",
     "%", "%", "higher", (55, 85), 0.15, 1, 99.5),
    ("Budgetuitvoering voor {o}", "Exécution budgétaire pour {of}", "%", "%", "higher", (70, 90), 0.08, 1, 100),
    ("Beschikbaarheid van de toepassingen voor {o}", "Disponibilité des applications pour {of}",
     "%", "%", "higher", (96, 99), 0.008, 2, 99.99),
    ("Aantal incidenten bij {o}", "Nombre d'incidents concernant {of}", "incidenten", "incidents",
     "lower", (20, 900), 0.3, 0, None),
    ("Kostprijs per dossier voor {o}", "Coût par dossier pour {of}", "euro", "euros", "lower",
     (15, 400), 0.2, 2, None),
    ("Opleidingsuren per medewerker voor {o}", "Heures de formation par collaborateur pour {of}",
     "uren", "heures", "higher", (8, 30), 0.4, 1, None),
]

KPI_COMMENTS = [
    ("Doel gehaald.", "Objectif atteint."),
    ("Achterstand door de hoge instroom in het najaar.", "Retard dû à l'afflux élevé à l'automne."),
    ("Nieuwe meetmethode sinds {m}.", "Nouvelle méthode de mesure depuis {m}."),
    ("Enquête bij {n3} respondenten.", "Enquête auprès de {n3f} répondants."),
    ("Cijfer beïnvloed door de staking in {m0}.", "Chiffre influencé par la grève survenue en {m0}."),
    ("Voorlopig cijfer; definitieve waarde na de jaarafsluiting.",
     "Chiffre provisoire ; valeur définitive après la clôture de l'exercice."),
]


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def fr_de(fr):
    """'les X' -> 'des X', 'le X' -> 'du X', 'la X' -> 'de la X', "l'X" -> "de l'X"."""
    if fr.startswith("les "):
        return "des " + fr[4:]
    if fr.startswith("le "):
        return "du " + fr[3:]
    return "de " + fr


def cap(s):
    return s[:1].upper() + s[1:]


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def loc(nl, fr, en=None):
    parts = ["nl = " + toml_str(nl), "fr = " + toml_str(fr)]
    if en:
        parts.append("en = " + toml_str(en))
    return "{ " + ", ".join(parts) + " }"


def month_end(y, m):
    return "%04d-%02d-%02d" % (y, m, calendar.monthrange(y, m)[1])


def add_months(y, m, k):
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def fmt_amount_text(x):
    if x >= 1_000_000:
        v = ("%.1f" % (x / 1e6)).replace(".", ",")
        return v + " miljoen euro", v + (" millions d'euros" if x >= 2e6 else " million d'euros")
    n = int(round(x, -3)) or 1000
    return "{:,}".format(n).replace(",", ".") + " euro", "{:,}".format(n).replace(",", " ") + " euros"


def fmt_num(v, decimals):
    return str(int(round(v))) if decimals == 0 else ("%.*f" % (decimals, v))


class Slots:
    """Random values for one comment, shared by its Dutch and French text."""

    def __init__(self, rng, year, action_ids):
        r = rng.random
        ri = lambda lo, hi: lo + int(r() * (hi - lo + 1))  # faster than rng.randint
        ch = lambda seq: seq[int(r() * len(seq))]
        m_y, m_m = year + (1 if r() < 0.5 else 0), ri(1, 12)
        d_m = ri(1, 12)
        day = ri(1, 28)
        p = ch(PARTNERS)
        amt, amtf = fmt_amount_text(ch((1, 5, 20, 80, 300)) * 1000 * (1 + 9 * r()))
        n3 = ri(1000, 250000)
        n = ri(2, 14)
        self.v = {
            "m": MONTHS_NL[m_m - 1] + " %d" % m_y, "m_fr": MONTHS_FR[m_m - 1] + " %d" % m_y,
            "m0": MONTHS_NL[d_m - 1] + " %d" % year, "m0_fr": MONTHS_FR[d_m - 1] + " %d" % year,
            "d": "%d %s %d" % (day, MONTHS_NL[d_m - 1], year),
            "d_fr": "%s %s %d" % ("1er" if day == 1 else str(day), MONTHS_FR[d_m - 1], year),
            "n": n, "k0": ri(0, n // 2), "n2": ri(15, 1200), "k": ri(2, 9),
            "n3": "{:,}".format(n3).replace(",", "."), "n3f": "{:,}".format(n3).replace(",", " "),
            "pct": ri(35, 98), "y1": year + 1, "p": p[0], "pf": p[1],
            "amt": amt, "amtf": amtf, "sys": ch(SYSTEMS),
            "code": "PRJ-%d-%03d" % (year, ri(1, 400)),
            "other": ch(action_ids) if action_ids else "A-STAF-0001",
        }

    def fill(self, pair):
        nl, fr = pair
        v = self.v
        fv = dict(v, m=v["m_fr"], m0=v["m0_fr"], d=v["d_fr"])
        return nl.format(**v), fr.format(**fv)


def make_comment(rng, status, year, action_ids):
    """(nl, fr) comment for one action; long ones join many sentences."""
    s = Slots(rng, year, action_ids)
    own = STATUS_COMMENTS[status]
    x = rng.random()
    if x < 0.05:  # long comment: a small report (a few of 3,000-5,000 characters)
        k = rng.randint(25, 45) if x < 0.003 else rng.randint(5, 12)
        picks = [rng.choice(own)] + [rng.choice(C_FILLER) for _ in range(k)]
        if status not in ("completed", "cancelled", "not_started"):
            picks += [rng.choice(C_ON_TRACK) for _ in range(rng.randint(1, 3))]
        sep = "\n" if rng.random() < 0.4 else " "
    elif x < 0.45:
        picks = [rng.choice(own), rng.choice(C_FILLER)] if rng.random() < 0.6 else rng.sample(own, 2)
        sep = " "
    else:
        picks = [rng.choice(own)]
        sep = " "
    nl, fr = [], []
    for pair in picks:
        a, b = s.fill(pair)
        nl.append(a)
        fr.append(b)
    return sep.join(nl), sep.join(fr)


# ---------------------------------------------------------------------------
# The plan
# ---------------------------------------------------------------------------

def build_plan(rng):
    """Strategic and operational objectives; returns (sos, ods)."""
    sos, per_p = [], {}
    for prios, nl, fr in STRATEGIC:
        p = prios[0]
        per_p[p] = per_p.get(p, 0) + 1
        sos.append({"id": "SD%s.%d" % (p[1:], per_p[p]), "priorities": prios, "nl": nl, "fr": fr})
    used = set()
    ods = []
    unit_ids = [u[0] for u in UNITS]
    k = 0
    for so in sos:
        for m in range(1, rng.choice((3, 3, 4)) + 1):
            # spread the lead units evenly, with some randomness
            unit = unit_ids[k % len(unit_ids)] if rng.random() < 0.7 else rng.choice(unit_ids)
            k += 1
            while True:
                obj = rng.randrange(len(OBJECTS[unit]))
                verb = rng.randrange(len(OD_VERBS))
                if (unit, obj, verb) not in used:
                    used.add((unit, obj, verb))
                    break
            onl, ofr = OBJECTS[unit][obj]
            vnl, vfr = OD_VERBS[verb]
            ods.append({"id": "OD%s.%d" % (so["id"][2:], m), "so": so["id"], "unit": unit, "obj": obj,
                        "nl": cap(onl) + " " + vnl, "fr": vfr + " " + ofr})
    return sos, ods


def write_framework(path, years, sos, ods):
    start, end = years[0], years[-1]
    L = []
    w = L.append
    w("# Synthetic strategic framework for benchmarks, generated by benches/gen.py.")
    w("# The structure follows the sample plan in inputs/; objectives are invented.")
    w("")
    w("[plan]")
    w('id = "bench"')
    w("organisation = " + loc("FOD Binnenlandse Zaken", "SPF Intérieur", "FPS Interior"))
    w("title = " + loc("Strategisch plan %d-%d" % (start, end), "Plan stratégique %d-%d" % (start, end),
                       "Strategic Plan %d-%d" % (start, end)))
    w("start_year = %d" % start)
    w("end_year = %d" % end)
    w("signed_on = %d-05-17" % start)
    w('languages = ["nl", "fr"]')
    w("")
    for name, rnl, rfr in [
        ("Annelies Verlinden", "Minister van Binnenlandse Zaken", "Ministre de l'Intérieur"),
        ("Laura Szabo", "Voorzitster van het directiecomité", "Présidente du comité de direction"),
    ]:
        w("[[plan.signatories]]")
        w("name = " + toml_str(name))
        w("role = " + loc(rnl, rfr))
        w("")
    w("[mission]")
    w("text = " + loc("De medewerkers van de FOD Binnenlandse Zaken dragen bij aan de voorbereiding en "
                      "uitvoering van het federale beleid in de volgende 4 domeinen:",
                      "Les collaborateurs du SPF Intérieur contribuent à la préparation et à l'exécution de la "
                      "politique fédérale dans les 4 domaines suivants :"))
    w("domains = [")
    for nl, fr in [
        ("de veiligheid van de burger en de maatschappij", "la sécurité du citoyen et de la société"),
        ("de registratie en identificatie van natuurlijke personen",
         "l'enregistrement et l'identification des personnes physiques"),
        ("de uitoefening van bepaalde rechten die verband houden met het burgerschap",
         "l'exercice de certains droits liés à la citoyenneté"),
        ("de toegang tot het grondgebied, het verblijf, de vestiging en de verwijdering van vreemdelingen",
         "l'accès au territoire, le séjour, l'établissement et l'éloignement des étrangers"),
    ]:
        w("  " + loc(nl, fr) + ",")
    w("]")
    w("")
    for vid, nl, fr in [("engagement", "Engagement", "Engagement"),
                        ("mensgerichtheid", "Mensgerichtheid", "Orientation humaine"),
                        ("respect", "Respect", "Respect"), ("dynamiek", "Dynamiek", "Dynamisme"),
                        ("integriteit", "Integriteit", "Intégrité")]:
        w("[[values]]")
        w("id = " + toml_str(vid))
        w("name = " + loc(nl, fr))
        w("")
    w("[vision]")
    w("text = " + loc("De FOD Binnenlandse Zaken wil zijn rol van aanspreekpunt inzake veiligheid, migratiebeleid "
                      "en beheer van identiteitsgegevens bevestigen, en instaan voor:",
                      "Le SPF Intérieur entend confirmer son rôle de point de contact en matière de sécurité, de "
                      "politique migratoire et de gestion des données d'identité, et garantir :"))
    w("commitments = [")
    w("  " + loc("een gecoördineerde en ontzuilde aanpak van de veiligheid",
                 "une approche coordonnée et décloisonnée de la sécurité") + ",")
    w("  " + loc("de continue uitoefening door iedere burger van zijn burgerschapsrechten",
                 "l'exercice continu, par chaque citoyen, de ses droits civiques") + ",")
    w("]")
    w("")
    for uid, nl, fr, en, _ in UNITS:
        w("[[units]]")
        w("id = " + toml_str(uid))
        w("name = " + loc(nl, fr, en))
        w("")
    for pid, nl, fr, en in PRIORITIES:
        w("[[priorities]]")
        w("id = " + toml_str(pid))
        w("title = " + loc(nl, fr, en))
        w("")
    for so in sos:
        w("[[strategic_objectives]]")
        w("id = " + toml_str(so["id"]))
        w("priorities = [" + ", ".join(toml_str(p) for p in so["priorities"]) + "]")
        w("title = " + loc(so["nl"], so["fr"]))
        w("")
    for od in ods:
        w("[[operational_objectives]]")
        w("id = " + toml_str(od["id"]))
        w("strategic_objective = " + toml_str(od["so"]))
        w("unit = " + toml_str(od["unit"]))
        w("title = " + loc(od["nl"], od["fr"]))
        w("")
    w("# Approvals are recorded names, not signatures (no PKI for this plan).")
    w("[signoff]")
    w('approvals = "recorded"')
    w("")
    for name, rnl, rfr in [
        ("Laura Szabo", "Voorzitster van het directiecomité", "Présidente du comité de direction"),
        ("Marc Dubois", "Directeur Strategie en Performantie", "Directeur Stratégie et Performance"),
    ]:
        w("[[approvers]]")
        w("name = " + toml_str(name))
        w("role = " + loc(rnl, rfr))
        w("")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(L))


# ---------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------

def pick_status(rng, prev_progress, due_this_year):
    mix = STATUS_MIX
    if prev_progress > 0:  # a running action is not "not started" any more
        mix = [(s, w) for s, w in mix if s != "not_started"]
    if due_this_year and rng.random() < 0.5:
        return "completed"
    total = sum(w for _, w in mix)
    x = rng.random() * total
    for s, w in mix:
        x -= w
        if x < 0:
            return s
    return mix[-1][0]


def pick_progress(rng, status, prev):
    if status == "completed":
        return 100
    if status == "not_started":
        return 0
    hi = {"on_track": 95, "at_risk": 85, "delayed": 75, "cancelled": 60}[status]
    lo = max(math.ceil(prev), 5 if status != "cancelled" else 0)  # progress never goes back
    hi = max(hi, min(lo + 5, 99))
    v = rng.randint(lo, hi)
    if rng.random() < 0.1 and v < hi:
        return v + 0.5
    return v


def progress_text(p):
    # Koers refuses a bare 0 < p <= 1 as ambiguous (0.5 % or 50 %?): a unit
    # writes such a value with its sign.
    return f"{p}%" if 0 < p <= 1 else str(p)


def budget_planned(rng):
    x = rng.random()
    if x < 0.70:
        v = rng.lognormvariate(11.0, 1.0)        # ~60 k
    elif x < 0.955:
        v = rng.lognormvariate(13.6, 0.8)        # ~800 k
    elif x < 0.999:
        v = rng.lognormvariate(15.0, 0.8)        # ~3 M
    else:
        v = rng.uniform(20e6, 150e6)             # a few very large programmes
    step = 100 if v < 10_000 else 1000 if v < 1_000_000 else 10_000
    return max(step, round(v / step) * step)


def gen_year(rng, year, n, carried_from, counters, ods, sos):
    """Actions of one year: carried over (same id) plus new ones."""
    year_end = (year, 12)
    unit_ids = [u[0] for u in UNITS]
    weights = [u[4] for u in UNITS]
    ods_by_unit = {}
    for od in ods:
        ods_by_unit.setdefault(od["unit"], []).append(od)
    actions = []

    # carried over from last year: not completed or cancelled
    running = [a for a in carried_from if a["status"] not in ("completed", "cancelled")]
    carried = [a for a in running if rng.random() < 0.8][: int(n * 0.45)]
    for a in carried:
        b = dict(a)
        b["new"] = False
        if a["planned"] is not None:
            b["planned"] = max(1000, round(a["planned"] * rng.uniform(0.8, 1.2) / 1000) * 1000)
        actions.append(b)

    # new actions
    for _ in range(n - len(carried)):
        unit = rng.choices(unit_ids, weights)[0]
        counters[unit] += 1
        x = rng.random()
        if x < 0.72:
            od = rng.choice(ods_by_unit.get(unit) or ods)
            obj_id, obj_idx = od["id"], od["obj"] if od["unit"] == unit else rng.randrange(len(OBJECTS[unit]))
        elif x < 0.92:
            obj_id, obj_idx = rng.choice(ods)["id"], rng.randrange(len(OBJECTS[unit]))
        else:
            obj_id, obj_idx = rng.choice(sos)["id"], rng.randrange(len(OBJECTS[unit]))
        onl, ofr = OBJECTS[unit][obj_idx]
        nnl, nfr = rng.choice(ACTION_NOUNS)
        tnl, tfr = "%s van %s" % (nnl, onl), "%s %s" % (nfr, fr_de(ofr))
        if rng.random() < 0.35:
            qnl, qfr = rng.choice(QUALIFIERS)
            tnl, tfr = tnl + " " + qnl, tfr + " " + qfr
        if rng.random() < 0.7:
            sy, sm = year, rng.randint(1, 10)
        else:
            sy, sm = year - 1, rng.randint(7, 12)
        sd = 1 if rng.random() < 0.8 else rng.randint(2, 28)
        actions.append({
            "id": "A-%s-%04d" % (unit, counters[unit]), "objective": obj_id, "title": tnl, "title_fr": tfr,
            "unit": unit, "start": (sy, sm, sd), "due": None, "progress": 0, "status": None,
            "planned": budget_planned(rng) if rng.random() < 0.75 else None, "new": True,
        })

    # every operational objective gets at least one action this year
    counts = {}
    for a in actions:
        counts[a["objective"]] = counts.get(a["objective"], 0) + 1
    missing = [od["id"] for od in ods if od["id"] not in counts]
    i = len(actions) - 1
    while missing and i >= 0:
        a = actions[i]
        if a["new"] and counts.get(a["objective"], 0) > 1:
            counts[a["objective"]] -= 1
            a["objective"] = missing.pop()
            counts[a["objective"]] = 1
        i -= 1

    ids = [a["id"] for a in actions]
    for a in actions:
        sy, sm, _ = a["start"]
        prev = a["progress"] if not a["new"] else 0
        due_this_year = a["due"] is not None and a["due"][:4] <= str(year)
        if a["new"] and rng.random() < 0.02:
            # starts late in the year or next year
            sy, sm = (year, rng.randint(9, 12)) if rng.random() < 0.5 else (year + 1, rng.randint(1, 3))
            a["start"] = (sy, sm, 1)
            status = "not_started"
        elif a["new"] and (sy, sm) > (year, 9):
            status = "not_started" if rng.random() < 0.3 else "on_track"
        else:
            status = pick_status(rng, prev, due_this_year)
        if status == "not_started" and prev > 0:
            status = "on_track"
        a["status"] = status
        a["progress"] = pick_progress(rng, status, prev)

        # due date: month ends; late only for a small share (a check warning, as in real data)
        overdue = rng.random() < 0.015
        if a["new"]:
            if status == "completed":
                lo = add_months(sy, sm, 1)
                span = max(0, (year * 12 + 12) - (lo[0] * 12 + lo[1]))
                dy, dm = add_months(lo[0], lo[1], rng.randint(0, span + 6))
            elif status == "not_started":
                dy, dm = add_months(*max((sy, sm), (year, 12)), rng.randint(3, 24))
            elif overdue and (sy, sm) < (year, 11):
                dy, dm = add_months(sy, sm, rng.randint(1, (year * 12 + 11) - (sy * 12 + sm)))
            else:
                dy, dm = add_months(year + 1, 1, rng.randint(0, 30))
            a["due"] = month_end(dy, dm)
        elif status not in ("completed", "cancelled") and a["due"] <= "%d-12-31" % year and not overdue:
            a["due"] = month_end(year + 1, rng.randint(1, 12))  # revised deadline

        # spent budget, consistent with progress
        p = a["planned"]
        if p is None:
            a["spent"] = None
        elif status == "not_started":
            a["spent"] = 0.0 if rng.random() < 0.5 else None
        elif rng.random() < 0.03:
            a["spent"] = None
        else:
            if rng.random() < 0.015:
                f = rng.uniform(1.01, 1.12)  # overspent: a check warning
            elif status == "completed":
                f = rng.uniform(0.85, 1.0)
            elif status == "cancelled":
                f = a["progress"] / 100 * rng.uniform(0.3, 0.9)
            else:
                f = min(0.999, a["progress"] / 100 * rng.uniform(0.7, 1.15))
            a["spent"] = round(p * f, 2)

        # comments: at risk and delayed always explain; most others too
        if status in ("at_risk", "delayed") or rng.random() < 0.85:
            cnl, cfr = make_comment(rng, status, year, ids)
            x = rng.random()
            if x < 0.12:
                cfr = ""
            elif x < 0.20:
                cnl = ""
            elif x < 0.23:
                cnl = cnl.replace("nieuwe", 'zogenaamde "nieuwe"', 1)
            a["comment"], a["comment_fr"] = cnl, cfr
        else:
            a["comment"], a["comment_fr"] = "", ""
    return actions


ACTION_HEADER = ["id", "objective", "title", "title_fr", "unit", "status", "progress", "start", "due",
                 "budget_planned", "budget_spent", "comment", "comment_fr"]


def action_row(a):
    sy, sm, sd = a["start"]
    return [a["id"], a["objective"], a["title"], a["title_fr"], a["unit"], a["status"], progress_text(a["progress"]),
            "%04d-%02d-%02d" % (sy, sm, sd), a["due"],
            "" if a["planned"] is None else "%.2f" % a["planned"],
            "" if a["spent"] is None else "%.2f" % a["spent"],
            a["comment"], a["comment_fr"]]


# ---------------------------------------------------------------------------
# KPIs
# ---------------------------------------------------------------------------

def build_kpis(rng, ods, sos, count=100):
    pairs = [(t, u, o) for t in range(len(KPI_TEMPLATES)) for u in OBJECTS for o in range(len(OBJECTS[u]))]
    rng.shuffle(pairs)
    kpis = []
    for i, (t, u, o) in enumerate(pairs[:count]):
        tpl = KPI_TEMPLATES[t]
        onl, ofr = OBJECTS[u][o]
        same = [od for od in ods if od["unit"] == u and od["obj"] == o] or [od for od in ods if od["unit"] == u]
        objective = rng.choice(sos)["id"] if rng.random() < 0.15 or not same else rng.choice(same)["id"]
        lo, hi = tpl[5]
        base = rng.uniform(lo, hi) if hi < 1000 else rng.lognormvariate(math.log(lo * hi) / 2, 1.0)
        base = min(max(base, lo), hi)
        kpis.append({"id": "KPI-%03d" % (i + 1), "objective": objective,
                     "name": tpl[0].format(o=onl), "name_fr": tpl[1].format(of=ofr),
                     "measure": tpl[2], "measure_fr": tpl[3], "direction": tpl[4],
                     "baseline": base, "improve": tpl[6] * rng.uniform(0.6, 1.4), "dec": tpl[7], "cap": tpl[8]})
    return kpis


def kpi_rows(rng, kpis, years, yi):
    rows = []
    n = len(years)
    for k in kpis:
        b, dec, capv = k["baseline"], k["dec"], k["cap"]
        sign = 1 if k["direction"] == "higher" else -1
        goal = b * (1 + sign * k["improve"])
        if capv is not None:
            goal = min(goal, capv)
        target = b + (goal - b) * (yi + 1) / n
        actual = target * rng.gauss(1.0, 0.06 if dec else 0.1)
        if capv is not None:
            actual = min(actual, capv)
        actual_s = fmt_num(actual, dec)
        comment = ("", "")
        s = Slots(rng, years[yi], None)
        if rng.random() < 0.05:
            actual_s = ""
            comment = s.fill(("Meting nog niet beschikbaar; volgende meting in {m}.",
                              "Mesure pas encore disponible ; prochaine mesure en {m}."))
        elif rng.random() < 0.3:
            comment = s.fill(rng.choice(KPI_COMMENTS))
        rows.append([k["id"], k["objective"], k["name"], k["name_fr"], k["measure"], k["measure_fr"],
                     k["direction"], fmt_num(b, dec), fmt_num(target, dec), actual_s, comment[0], comment[1]])
    return rows


KPI_HEADER = ["id", "objective", "name", "name_fr", "measure", "measure_fr", "direction", "baseline", "target",
              "actual", "comment", "comment_fr"]


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def prepare_outdir(out):
    """Create OUTDIR, or clear it when it holds only an earlier run's output."""
    if not os.path.exists(out):
        os.makedirs(out)
        return
    if not os.path.isdir(out):
        sys.exit("gen.py: %s exists and is not a folder" % out)
    for name in os.listdir(out):
        p = os.path.join(out, name)
        if name == "framework.toml" and os.path.isfile(p):
            continue
        if name.isdigit() and os.path.isdir(p) and all(
                (f.startswith("actions") or f.startswith("indicators")) and f.endswith(".csv")
                for f in os.listdir(p)):
            continue
        sys.exit("gen.py: %s is not empty and holds %s, which this script did not write; "
                 "choose another folder" % (out, name))
    for name in os.listdir(out):
        p = os.path.join(out, name)
        if os.path.isdir(p):
            shutil.rmtree(p)
        else:
            os.remove(p)


def main():
    ap = argparse.ArgumentParser(description="Generate a large Koers inputs folder for benchmarks.")
    ap.add_argument("outdir")
    ap.add_argument("--actions", type=int, default=10000, help="actions per year (default 10000)")
    ap.add_argument("--years", default="2022,2023,2024", help="comma-separated years (default 2022,2023,2024)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--split", action="store_true", help="one actions-<UNIT>.csv per unit and year")
    args = ap.parse_args()
    try:
        years = sorted({int(y) for y in args.years.split(",") if y.strip()})
    except ValueError:
        sys.exit("gen.py: --years takes years separated by commas, e.g. 2022,2023,2024")
    if not years or years[0] < 1900 or years[-1] > 2200:
        sys.exit("gen.py: --years must name years between 1900 and 2200")
    if args.actions < 1:
        sys.exit("gen.py: --actions must be at least 1")

    rng = random.Random(args.seed)
    prepare_outdir(args.outdir)
    sos, ods = build_plan(rng)
    write_framework(os.path.join(args.outdir, "framework.toml"), years, sos, ods)
    kpis = build_kpis(rng, ods, sos)

    counters = {u[0]: 0 for u in UNITS}
    prev = []
    summary = []
    for yi, year in enumerate(years):
        ydir = os.path.join(args.outdir, str(year))
        os.makedirs(ydir)
        actions = gen_year(rng, year, args.actions, prev, counters, ods, sos)
        if args.split:
            for uid in [u[0] for u in UNITS]:
                rows = [action_row(a) for a in actions if a["unit"] == uid]
                if rows:
                    write_csv(os.path.join(ydir, "actions-%s.csv" % uid), ACTION_HEADER, rows)
        else:
            write_csv(os.path.join(ydir, "actions.csv"), ACTION_HEADER, [action_row(a) for a in actions])
        write_csv(os.path.join(ydir, "indicators.csv"), KPI_HEADER, kpi_rows(rng, kpis, years, yi))
        planned = sum(a["planned"] or 0 for a in actions)
        st = {}
        for a in actions:
            st[a["status"]] = st.get(a["status"], 0) + 1
        summary.append("  %d: %d actions (%d carried over), %d KPIs, budget planned %.0f EUR; %s" % (
            year, len(actions), sum(1 for a in actions if not a["new"]), len(kpis), planned,
            ", ".join("%s %d" % (s, st.get(s, 0)) for s, _ in STATUS_MIX)))
        prev = actions
    print("wrote %s: %d units, %d priorities, %d strategic and %d operational objectives" % (
        args.outdir, len(UNITS), len(PRIORITIES), len(sos), len(ods)))
    print("\n".join(summary))


if __name__ == "__main__":
    main()
