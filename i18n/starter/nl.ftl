# De startsite die `kintsugi new DIR --language nl` schrijft, in het Nederlands. Vertaald uit
# en.ftl. Laat Markdown-links en bronverwijzingen zoals ze zijn: de tekst tussen [vierkante
# haken] wordt vertaald, het doel tussen (ronde haken) en `[@doe2020]` niet.

site-title = Mijn gids
site-description = Een gids, stap voor stap.
home-welcome = Welkom. Begin bij [de eerste stap](steps/first-step.md).

steps-title = Stappen
steps-description = De stappen van het programma, op volgorde.
steps-body = Werk de stappen op volgorde door, in je eigen tempo.

step-title = De eerste stap
step-description = Waar het programma begint.
step-heading = Waar deze stap over gaat
step-body = Schrijf hier je gids. Vermeld je bronnen zo [@doe2020].
step-next = Als je er klaar voor bent, vul dan [het werkblad](../worksheets/first-step.md) in.

worksheets-title = Werkbladen
worksheets-description = Werkbladen om af te drukken, één per stap.
worksheets-body = Vul ze in op je scherm of druk ze af. Je antwoorden blijven op je apparaat.

sheet-title = Werkblad: De eerste stap
sheet-description = Vragen bij de eerste stap.
sheet-name = Naam
sheet-date = Datum
sheet-prompt = Wat hoop je te veranderen?
sheet-scale = In hoeverre voel je je er klaar voor?
sheet-scale-low = Helemaal niet
sheet-scale-high = Volledig
sheet-check = Ik heb de gids bij deze stap gelezen

book-title = Een boek dat het citeren waard is
