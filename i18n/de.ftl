# Die Wörter, die das eingebaute Theme von kintsugi Leserinnen und Lesern zeigt, auf Deutsch.
# Übersetzt aus en.ftl; eine Website kann jedes davon mit ihrer eigenen i18n/de.ftl überschreiben.

## Jede Seite
# Der Name der Sprache in ihr selbst, in der Sprachauswahl einer mehrsprachigen Website.
language-name = Deutsch
nav-languages = Sprachen
skip-link = Zum Inhalt springen
footer-disclaimer = Inhalte zu Bildungszwecken, keine Therapie und keine medizinische Beratung. Wenn du in Gefahr bist, ruf die örtliche Notrufnummer an.
nav-main = Hauptmenü
nav-references = Quellen
tags-label = Schlagwörter
heading-anchor = Link zu diesem Abschnitt

## Die Schritte des Programms
progress-label = Schritte des Programms
# Vor dem Titel eines Schritts, für Screenreader („Schritt 2: Sich entschuldigen“).
step-prefix = Schritt { $step }:
step-number = Schritt { $step }
step-of = Schritt { $step } von { $total }
program-title = Das Programm im Überblick

## Innerhalb einer Seite
toc-title = Auf dieser Seite
page-references = Quellen
reference-index-link = Im Quellenverzeichnis
prev-next-label = Vorherige und nächste Seite
prev = Zurück
next = Weiter

## Hinweiskästen (> [!NOTE] und die anderen)
callout-note = Hinweis
callout-tip = Tipp
callout-important = Wichtig
callout-warning = Warnung
callout-caution = Vorsicht

## Leitfäden und Arbeitsblätter
guide-worksheet-link = Arbeitsblatt zu diesem Schritt öffnen
worksheet-box-label = Arbeitsblatt
worksheet-box-title = Diesen Schritt üben
guide-breadcrumb = Leitfaden: { $title }
back-to-guide = Zurück zum Leitfaden: { $title }
read-guide = Leitfaden lesen
worksheet-privacy = Alles, was du hier eingibst, bleibt in diesem Browser auf diesem Gerät; es wird nie irgendwohin gesendet.
worksheet-print = Drucken
worksheet-erase = Meine Antworten löschen
worksheet-erase-question = Alle Antworten auf diesem Arbeitsblatt von diesem Gerät löschen?
worksheet-erased = Deine Antworten wurden gelöscht.
# Die Beschriftung einer Tabellenzelle für Screenreader: die Überschrift ihrer Spalte und ihre Zeile.
worksheet-cell = { $column }, Zeile { $row }
# Ein Link zur PDF-Datei eines Arbeitsblatts; $paper ist A4 oder Letter.
pdf-link = PDF, { $paper }
# Die Fußzeile auf den Seiten der PDF-Datei eines Arbeitsblatts.
pdf-page-of = Seite { $page } von { $total }
# Der Titel der PDF-Datei mit allen Arbeitsblättern, mit und ohne Titel der Website.
pdf-site-worksheets = { $site }: Arbeitsblätter
pdf-all-worksheets = Arbeitsblätter

## Das Quellenverzeichnis
references-title = Quellen
references-lede = Jedes Werk, das diese Website zitiert, mit Links zurück zu jeder Stelle, an der es zitiert wird.
references-description = Jedes auf { $site } zitierte Werk, mit Links zu den Stellen, an denen es zitiert wird.
cited-in = Zitiert in:
# Ein Link zurück zu einer Stelle, an der eine Seite ein Werk zitiert, mit Buchstaben a, b, c … bezeichnet.
backref-label = { $title }: Zitierstelle { $letter }

## Die Druckausgabe
print-link = Der ganze Leitfaden auf einer Seite, zum Drucken oder als PDF-Buch
print-contents = Inhalt
print-lede = Alle Seiten dieses Leitfadens in Lesereihenfolge, mit Quellen und Arbeitsblättern, bereit zum Drucken. Sie können ihn auch als Buch herunterladen:
print-pdf-link = Buch als PDF, { $paper }

## Schlagwörter
tags-title = Schlagwörter
tags-lede = Jedes Schlagwort dieser Website, mit der Zahl der Seiten, die es tragen.
tags-description = Jedes Schlagwort von { $site }, mit seinen Seiten.
tag-title = Schlagwort „{ $tag }“
tag-description = Die Seiten von { $site } mit dem Schlagwort „{ $tag }“.
tag-lede =
    { $count ->
        [one] Eine Seite trägt dieses Schlagwort.
       *[other] { $count } Seiten tragen dieses Schlagwort.
    }
tag-count =
    { $count ->
        [one] { $count } Seite
       *[other] { $count } Seiten
    }
all-tags = Alle Schlagwörter

## Seite nicht gefunden (404)
not-found-title = Seite nicht gefunden
not-found-text = Entschuldigung, unter dieser Adresse gibt es keine Seite. Vielleicht wurde sie verschoben.
not-found-home = Zur Startseite
not-found-start = Oder beginne mit dem ersten Schritt:
