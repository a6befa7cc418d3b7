# De woorden die het ingebouwde thema van kintsugi aan lezers toont, in het Nederlands.
# Vertaald uit en.ftl; een site kan elk ervan vervangen door een eigen i18n/nl.ftl.

## Elke pagina
# De naam van de taal in die taal, in de taalkeuze van een meertalige site.
language-name = Nederlands
nav-languages = Talen
skip-link = Naar de inhoud
footer-disclaimer = Educatieve inhoud, geen therapie of medisch advies. Ben je in gevaar, bel dan het lokale alarmnummer.
nav-main = Hoofdmenu
nav-references = Bronnen
tags-label = Tags
heading-anchor = Link naar deze sectie

## De stappen van het programma
progress-label = Stappen van het programma
# Voor de titel van een stap, voor schermlezers (‘Stap 2: Zeg sorry’).
step-prefix = Stap { $step }:
step-number = Stap { $step }
step-of = Stap { $step } van { $total }
program-title = Het programma in één oogopslag

## Binnen een pagina
toc-title = Op deze pagina
page-references = Bronnen
reference-index-link = In het bronnenoverzicht
prev-next-label = Vorige en volgende
prev = Vorige
next = Volgende

## Kaders (> [!NOTE] en de andere)
callout-note = Opmerking
callout-tip = Tip
callout-important = Belangrijk
callout-warning = Waarschuwing
callout-caution = Let op

## Gidsen en werkbladen
guide-worksheet-link = Open het werkblad bij deze stap
worksheet-box-label = Werkblad
worksheet-box-title = Oefen met deze stap
guide-breadcrumb = Gids: { $title }
back-to-guide = Terug naar de gids: { $title }
read-guide = Lees de gids
worksheet-privacy = Alles wat je hier typt, blijft in deze browser op dit apparaat; het wordt nooit ergens naartoe gestuurd.
worksheet-print = Afdrukken
worksheet-erase = Mijn antwoorden wissen
worksheet-erase-question = Alle antwoorden op dit werkblad van dit apparaat wissen?
worksheet-erased = Je antwoorden zijn gewist.
# Het label van een tabelcel voor schermlezers: de kop van de kolom en de rij.
worksheet-cell = { $column }, rij { $row }
# Een link naar het pdf-bestand van een werkblad; $paper is A4 of Letter.
pdf-link = PDF, { $paper }
# De voettekst op de pagina’s van de pdf van een werkblad.
pdf-page-of = Pagina { $page } van { $total }
# De titel van de pdf met alle werkbladen, met en zonder de titel van de site.
pdf-site-worksheets = { $site }: werkbladen
pdf-all-worksheets = Werkbladen

## Het bronnenoverzicht
references-title = Bronnen
references-lede = Alle werken die deze site aanhaalt, met links terug naar elke plek waar ze worden aangehaald.
references-description = Alle werken die op { $site } worden aangehaald, met links naar de plekken waar dat gebeurt.
cited-in = Aangehaald in:
# Een link terug naar één plek waar een pagina een werk aanhaalt, aangeduid met de letters a, b, c…
backref-label = { $title }: verwijzing { $letter }

## De afdrukversie
print-link = De hele gids op één pagina, om af te drukken of te bewaren als pdf-boek
print-contents = Inhoud
print-lede = Alle pagina’s van deze gids in leesvolgorde, met de bronnen en werkbladen, klaar om af te drukken. Je kunt hem ook als boek downloaden:
print-pdf-link = Boek als pdf, { $paper }

## Tags
tags-title = Tags
tags-lede = Alle tags van deze site, met het aantal pagina’s per tag.
tags-description = Alle tags van { $site }, met hun pagina’s.
tag-title = Getagd met ‘{ $tag }’
tag-description = De pagina’s van { $site } met de tag ‘{ $tag }’.
tag-lede =
    { $count ->
        [one] Eén pagina heeft deze tag.
       *[other] { $count } pagina’s hebben deze tag.
    }
tag-count =
    { $count ->
        [one] { $count } pagina
       *[other] { $count } pagina’s
    }
all-tags = Alle tags

## Pagina niet gevonden (404)
not-found-title = Pagina niet gevonden
not-found-text = Sorry, er is geen pagina op dit adres. Misschien is de pagina verplaatst.
not-found-home = Naar de startpagina
not-found-start = Of begin bij de eerste stap:
