# Le parole che il tema integrato di kintsugi mostra ai lettori, in italiano.
# Tradotto da en.ftl; un sito può sostituire ciascuna di esse con il proprio i18n/it.ftl.

## Ogni pagina
# Il nome della lingua in quella lingua, nel selettore di lingua di un sito multilingue.
language-name = Italiano
nav-languages = Lingue
skip-link = Vai al contenuto
footer-disclaimer = Contenuti a scopo educativo, non terapia né consulenza medica. Se sei in pericolo, chiama il numero di emergenza locale.
nav-main = Menu principale
nav-references = Fonti
tags-label = Tag
heading-anchor = Link a questa sezione

## I passi del programma
progress-label = Passi del programma
# Prima del titolo di un passo, per gli screen reader («Passo 2: Chiedere scusa»).
step-prefix = Passo { $step }:
step-number = Passo { $step }
step-of = Passo { $step } di { $total }
program-title = Il programma in breve

## All’interno di una pagina
toc-title = In questa pagina
page-references = Fonti
reference-index-link = Nell’indice delle fonti
prev-next-label = Pagina precedente e successiva
prev = Precedente
next = Successivo

## Riquadri (> [!NOTE] e gli altri)
callout-note = Nota
callout-tip = Suggerimento
callout-important = Importante
callout-warning = Avvertenza
callout-caution = Attenzione

## Guide e schede di lavoro
guide-worksheet-link = Apri la scheda di lavoro di questo passo
worksheet-box-label = Scheda di lavoro
worksheet-box-title = Metti in pratica questo passo
guide-breadcrumb = Guida: { $title }
back-to-guide = Torna alla guida: { $title }
read-guide = Leggi la guida
worksheet-privacy = Tutto ciò che scrivi qui resta in questo browser, su questo dispositivo; non viene mai inviato da nessuna parte.
worksheet-print = Stampa
worksheet-erase = Cancella le mie risposte
worksheet-erase-question = Cancellare da questo dispositivo tutte le risposte di questa scheda?
worksheet-erased = Le tue risposte sono state cancellate.
# L’etichetta di una cella di tabella per gli screen reader: l’intestazione della sua colonna e la sua riga.
worksheet-cell = { $column }, riga { $row }
# Un link al file PDF di una scheda; $paper è A4 o Letter.
pdf-link = PDF, { $paper }
# Il piè di pagina delle pagine del PDF di una scheda.
pdf-page-of = Pagina { $page } di { $total }
# Il titolo del PDF con tutte le schede, con e senza il titolo del sito.
pdf-site-worksheets = { $site }: schede di lavoro
pdf-all-worksheets = Schede di lavoro

## L’indice delle fonti
references-title = Fonti
references-lede = Tutte le opere citate in questo sito, con i link a ogni punto in cui sono citate.
references-description = Tutte le opere citate su { $site }, con i link ai punti in cui sono citate.
cited-in = Citato in:
# Un link a una delle citazioni di un’opera in una pagina, contrassegnate con le lettere a, b, c…
backref-label = { $title }: citazione { $letter }

## L’edizione da stampare
print-link = Tutta la guida in una sola pagina, da stampare o da tenere come libro PDF
print-contents = Indice
print-lede = Tutte le pagine di questa guida in ordine di lettura, con le fonti e le schede di lavoro, pronte da stampare. Puoi anche scaricarla come libro:
print-pdf-link = Libro in PDF, { $paper }

## Tag
tags-title = Tag
tags-lede = Tutti i tag di questo sito, con il numero di pagine per ciascuno.
tags-description = Tutti i tag di { $site }, con le relative pagine.
tag-title = Tag «{ $tag }»
tag-description = Le pagine di { $site } con il tag «{ $tag }».
tag-lede =
    { $count ->
        [one] Una pagina ha questo tag.
       *[other] { $count } pagine hanno questo tag.
    }
tag-count =
    { $count ->
        [one] { $count } pagina
       *[other] { $count } pagine
    }
all-tags = Tutti i tag

## Pagina non trovata (404)
not-found-title = Pagina non trovata
not-found-text = Ci dispiace, a questo indirizzo non c’è nessuna pagina. Potrebbe essere stata spostata.
not-found-home = Vai alla pagina iniziale
not-found-start = Oppure comincia dal primo passo:
